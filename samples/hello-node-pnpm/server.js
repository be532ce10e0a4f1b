const http = require('http');
const ms = require('ms');

const greeting = 'Hello from pnpm!';
const started = Date.now();

http.createServer((req, res) => {
  res.writeHead(200, { 'Content-Type': 'text/plain; charset=utf-8' });
  res.end(req.url === '/uptime' ? `up ${ms(Date.now() - started)}\n` : `${greeting}\n`);
}).listen(Number(process.env.PORT || 8080));
