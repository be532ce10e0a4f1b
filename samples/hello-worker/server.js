// hello-worker's web process: listens on $PORT and answers every request.
const http = require('http');

const port = Number(process.env.PORT || 8080);

http.createServer((req, res) => {
  res.writeHead(200, { 'Content-Type': 'text/plain; charset=utf-8' });
  res.end('Hello from the web process!\n');
}).listen(port, () => console.log(`web listening on ${port}`));

process.on('SIGTERM', () => process.exit(0));
