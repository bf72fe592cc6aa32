/**
 * A V8 CPU profile of every Node process of a bench's stack. Node 20 refuses `--cpu-prof` in
 * NODE_OPTIONS, but `--require` is allowed and the stack's processes inherit the bench's
 * environment, so:
 *
 *   CPU_PROFILE_DIR=/tmp/prof NODE_OPTIONS="--require $PWD/bench/support/cpu-profile.cjs" \
 *     npx tsx bench/flash-sale.ts ...
 *   npx tsx bench/profile-summary.ts /tmp/prof
 *
 * The in-process inspector answers synchronously, so the profile can be taken in the exit
 * handler that every graceful shutdown reaches. Plain CommonJS: it loads before tsx does.
 */
'use strict';
const dir = process.env.CPU_PROFILE_DIR;
if (dir) {
  const { Session } = require('node:inspector');
  const { mkdirSync, writeFileSync } = require('node:fs');
  const path = require('node:path');
  const session = new Session();
  session.connect();
  session.post('Profiler.enable');
  session.post('Profiler.start');
  let written = false;
  const write = () => {
    if (written) return;
    written = true;
    session.post('Profiler.stop', (err, result) => {
      if (err) return;
      mkdirSync(dir, { recursive: true });
      writeFileSync(path.join(dir, `${process.pid}.cpuprofile`), JSON.stringify(result.profile));
    });
  };
  process.on('exit', write);
  // The apps' graceful shutdown can outlast the runner's grace period and end in SIGKILL, which
  // runs no exit handler: take the profile as soon as the stop is asked for. A process with no
  // SIGTERM handler of its own is then ended as the signal would have ended it.
  process.once('SIGTERM', () => {
    write();
    if (process.listenerCount('SIGTERM') === 0) process.kill(process.pid, 'SIGTERM');
  });
}
