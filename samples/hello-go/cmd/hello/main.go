// A tiny web server on the standard library only (the Go module proxy is not reachable here).
package main

import (
	"fmt"
	"log"
	"net/http"
	"os"
)

const greeting = "Hello from Go!"

func main() {
	port := os.Getenv("PORT")
	if port == "" {
		port = "8080"
	}
	http.HandleFunc("/", func(w http.ResponseWriter, r *http.Request) {
		fmt.Fprintln(w, greeting)
	})
	log.Fatal(http.ListenAndServe(":"+port, nil))
}
