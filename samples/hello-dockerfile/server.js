// hello-dockerfile: built from the project's own Dockerfile; listens on $PORT.
const http = require('http');

const port = Number(process.env.PORT || 8080);
http
  .createServer((req, res) => {
    res.writeHead(200, { 'Content-Type': 'text/plain; charset=utf-8' });
    res.end('Hello from a Dockerfile!\n');
  })
  .listen(port, () => console.log(`hello-dockerfile listening on ${port}`));
