// hello-worker-only's one process: no port, no route; it writes a line to its log every second.
let ticks = 0;
console.log('worker started');
const timer = setInterval(() => console.log(`worker tick ${++ticks}`), 1000);

// Drained on deploy and scale-down: SIGTERM, then the platform's grace period, then SIGKILL.
process.on('SIGTERM', () => {
  clearInterval(timer);
  console.log(`worker stopping after ${ticks} ticks`);
  process.exit(0);
});
