/** What test/contract-client.e2e-spec.ts and the client flow share (kept apart: the flow compiles only against generated types). */

export interface Credentials {
  username: string;
  password: string;
}

/** Users the test creates (there is no sign-up): the flow logs each in through the API. */
export interface FlowAccounts {
  admin: Credentials;
  leader: Credentials;
  promoter: Credentials;
  commissioner: Credentials;
  /** changes its password and logs out at the end */
  leaver: Credentials;
}

/** One call the flow made: what it was and the status it got. */
export interface FlowStep {
  step: string;
  status: number;
}

export type RunClientFlow = (baseUrl: string, accounts: FlowAccounts) => Promise<FlowStep[]>;
