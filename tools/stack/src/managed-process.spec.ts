import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { runningPid } from './managed-process';

describe('runningPid', () => {
  const dir = mkdtempSync(join(tmpdir(), 'orderflow-pid-'));
  const pidFile = join(dir, 'sleeper.pid');
  const sleeper = spawn('sleep', ['300'], { stdio: 'ignore' });
  beforeAll(() => writeFileSync(pidFile, `${sleeper.pid}\n`));
  afterAll(() => {
    sleeper.kill('SIGKILL');
    rmSync(dir, { recursive: true, force: true });
  });

  it('keeps a process whose command line contains any of its signatures (a retitled redis-server)', () => {
    expect(runningPid({ pidFile, signature: ['127.0.0.1:16379', 'sleep 300'] })).toBe(sleeper.pid);
  });

  it('drops the pid file of a process that matches none of them (a reused pid)', () => {
    expect(runningPid({ pidFile, signature: ['127.0.0.1:16379', '--port 16379 '] })).toBeUndefined();
  });
});
