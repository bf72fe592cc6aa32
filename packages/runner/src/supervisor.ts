import type { ExitInfo, ManagedProcess } from './process';
import { describeExit } from './process';
import { DEFAULT_RESTART_POLICY, RestartPolicy, type RestartPolicyOptions } from './restart-policy';
import { isUp, type ServiceStatus } from './status';

/** What the supervisor needs from the stack it watches. */
export interface Supervised {
  readonly stopping: boolean;
  status(name: string): ServiceStatus;
  /** The services that must be up before this one starts (its sidecar's needs included). */
  dependencies(name: string): string[];
  /** The app and its sidecar, or the one infrastructure process. */
  processes(name: string): ManagedProcess[];
  restartService(name: string): Promise<void>;
  log(name: string, line: string): void;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const secs = (ms: number) => `${(ms / 1000).toFixed(1)} s`;

/**
 * Brings back what dies unexpectedly, as Tye, compose restart policies and Kubernetes do: the
 * app and its sidecar as a pair, after a backoff, once its dependencies are up again.
 */
export class Supervisor {
  private readonly policies = new Map<string, RestartPolicy>();
  /** Bumped by a stop or start by hand, which ends any recovery under way. */
  private readonly epochs = new Map<string, number>();

  constructor(
    private readonly stack: Supervised,
    private readonly policy: RestartPolicyOptions = DEFAULT_RESTART_POLICY,
  ) {}

  /** A stop or start by hand: whatever recovery is under way for this service ends. */
  cancel(name: string): void {
    this.epochs.set(name, this.epoch(name) + 1);
    // Started by hand after a crash loop, say: the count begins afresh.
    this.policies.delete(name);
  }

  /** Every process of a service reports its exit here. */
  onExit(name: string, processName: string, info: ExitInfo): void {
    if (info.expected || this.stack.stopping) return;
    // Only a service that was up is recovered here; one that dies while (re)starting fails
    // that start, which its caller (the initial start, or recover below) deals with.
    if (this.stack.status(name).state !== 'healthy') return;
    void this.recover(name, `${processName} exited (${describeExit(info)})`);
  }

  private epoch(name: string): number {
    return this.epochs.get(name) ?? 0;
  }

  private async recover(name: string, firstWhat: string): Promise<void> {
    const epoch = this.epoch(name);
    const cancelled = () => this.stack.stopping || this.epoch(name) !== epoch;
    const st = this.stack.status(name);
    const policy = this.policies.get(name) ?? new RestartPolicy(this.policy);
    this.policies.set(name, policy);
    const crashedAt = Date.now();
    let what = firstWhat;
    let healthySince = st.healthySince;
    st.healthySince = undefined;
    st.lastExit = { at: crashedAt, what };
    for (;;) {
      const procs = this.stack.processes(name);
      // The partner goes too (an app without its sidecar, or the reverse, is not a service),
      // and the dead one's group with it: children it left would hold its ports.
      st.state = 'backoff';
      await Promise.all(procs.map((p) => p.kill()));
      if (cancelled()) return;
      const decision = policy.onCrash(Date.now(), healthySince);
      healthySince = undefined;
      if (!decision.restart) {
        st.state = 'crashed';
        st.message = `${what}; ${decision.reason}. Left stopped: fix it and start it again.`;
        this.stack.log(name, `✗ ${name} is crash-looping: ${st.message}`);
        return;
      }
      const pair = procs.length > 1 ? ' with its sidecar' : '';
      this.stack.log(
        name,
        `↻ ${name}: ${what}; restarting${pair} in ${secs(decision.delayMs)} (restart ${st.restarts + 1})`,
      );
      await sleep(decision.delayMs);
      if (cancelled()) return;
      st.state = 'waiting';
      if (!(await this.dependenciesUp(name, cancelled))) return;
      st.restarts += 1;
      try {
        await this.stack.restartService(name);
        if (cancelled()) return;
        st.lastRestartToHealthyMs = Date.now() - crashedAt;
        this.stack.log(
          name,
          `✓ ${name}: healthy again ${secs(st.lastRestartToHealthyMs)} after it exited (restart ${st.restarts})`,
        );
        return;
      } catch (err) {
        if (cancelled()) return;
        what = err instanceof Error ? err.message : String(err);
        st.lastExit = { at: Date.now(), what };
      }
    }
  }

  /** Waits until every dependency is up again; false when the recovery was cancelled. */
  private async dependenciesUp(name: string, cancelled: () => boolean): Promise<boolean> {
    let said = false;
    for (;;) {
      if (cancelled()) return false;
      const down = this.stack.dependencies(name).filter((d) => !isUp(this.stack.status(d).state));
      if (down.length === 0) return true;
      if (!said) this.stack.log(name, `… ${name}: waiting for ${down.join(', ')} to be healthy`);
      said = true;
      await sleep(250);
    }
  }
}
