// hello-node: listens on $PORT, as every AppLauncher app does.
const http = require('http');

const port = Number(process.env.PORT || 8080);
const greeting = 'Hello from AppLauncher!';

const server = http.createServer((req, res) => {
  res.writeHead(200, { 'Content-Type': 'text/plain; charset=utf-8' });
  res.end(`${greeting}\n`);
});

server.listen(port, () => console.log(`hello-node listening on ${port}`));

// Finish in-flight requests, then exit, when the platform stops this instance.
process.on('SIGTERM', () => server.close(() => process.exit(0)));
