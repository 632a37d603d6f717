/**
 * What a run is, for everyone who starts, executes, shows or stores one: its status, what was
 * asked, why it failed, and its record. The jobs own these; the store only persists them.
 */
import type { AllocationMethod } from '../engine/schema';

export type RunStatus = 'queued' | 'running' | 'succeeded' | 'failed';

export interface RunRequest {
  /** A partnership-planning run: its constraints (the result is a plan, not a simulation). */
  readonly plan?: unknown;
  readonly iterations: number;
  readonly seed: number;
  readonly allocation: AllocationMethod;
}

/** Why a run failed, kept with it and shown by GET /v1/runs/{id}. */
export interface RunError {
  readonly type: string;
  readonly title: string;
  readonly detail: string;
  /**
   * Where it failed: `executor` (its own code), `start` (the execution was refused), `execution`
   * (ended by Step Functions: failed, timed out, stopped).
   */
  readonly stage?: 'executor' | 'start' | 'execution';
  /** The error's name as the failing component reported it (a Step Functions error, an SDK exception). */
  readonly cause?: string;
}

export interface RunRecord {
  readonly runId: string;
  readonly scenarioId: string;
  readonly scenarioVersion: number;
  readonly status: RunStatus;
  readonly progress: { readonly done: number; readonly total: number };
  readonly request: RunRequest;
  readonly executor: string;
  readonly createdAt: string;
  readonly updatedAt: string;
  readonly startedAt?: string;
  readonly finishedAt?: string;
  readonly error?: RunError;
  readonly resultChunks?: number;
  readonly resultToken?: string;
}
