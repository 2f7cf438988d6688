// A real server of the tests (nginx, Apache) run in the foreground as a child: started, waited for, stopped.
import { type ChildProcess, spawn } from 'node:child_process';
import * as fs from 'node:fs';
import { portOpen } from './loopback';

export interface RunningServer {
  port: number;
  stop: () => Promise<void>;
}

/**
 * Runs `binary args…`, which must stay in the foreground and listen on 127.0.0.1:`port`; resolves once it accepts
 * connections. Its error log (`errorLog`) and standard error are quoted when it stops or never listens.
 */
export async function startForeground(
  name: string,
  binary: string,
  args: string[],
  port: number,
  errorLog: string,
  stopSignal: NodeJS.Signals,
): Promise<RunningServer> {
  const child: ChildProcess = spawn(binary, args, { stdio: ['ignore', 'ignore', 'pipe'] });
  let stderr = '';
  child.stderr?.on('data', (d: Buffer) => (stderr += d.toString()));
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const said = () => `${stderr}${fs.existsSync(errorLog) ? fs.readFileSync(errorLog, 'utf8') : ''}`;
  for (let i = 0; ; i++) {
    if (child.exitCode !== null) throw new Error(`${name} stopped at once: ${said()}`);
    if (await portOpen(port)) break;
    if (i > 200) {
      child.kill('SIGKILL');
      throw new Error(`${name} did not listen on ${port}: ${said()}`);
    }
    await new Promise((r) => setTimeout(r, 50));
  }
  return {
    port,
    stop: async () => {
      if (child.exitCode === null) child.kill(stopSignal);
      await exited;
    },
  };
}
