/** How the console asks for a gate field the transition's body carries. */
export type GateInputType = 'date' | 'money';

export interface GateFieldDeclaration<F extends string = string> {
  /** The lead's field that must be known to enter the stage. */
  readonly field: F;
  readonly label: string;
  /** Set by the transition into the stage (its body carries it); absent for what the lead already holds (owner, commissioner, required fields). */
  readonly input?: GateInputType;
  /** A date that may not be before this other date of the lead. */
  readonly notBefore?: F;
}

/** An ISO 8601 duration read from an environment variable, with its default. */
export interface StallThreshold {
  readonly env: string;
  readonly default: string;
}

export interface StallRuleDeclaration<F extends string = string> {
  /**
   * What the stall is measured from: the first known of some instants, or an agreed day (local to the
   * app's time zone) that is a deadline, so a lead is stalled only once it has passed.
   */
  readonly since: { readonly instant: readonly F[] } | { readonly deadline: F };
  readonly yellow: StallThreshold;
  readonly red: StallThreshold;
  /** The 红黄预警's reason, as the warning shows it. */
  readonly reason: string;
}

export interface StageDeclaration<F extends string = string> {
  readonly key: string;
  readonly label: string;
  /** Spellings a spreadsheet may use besides the label and the key. */
  readonly aliases?: readonly string[];
  /** What must be known to enter the stage, in the order a refusal lists it. */
  readonly gates: readonly GateFieldDeclaration<F>[];
  /** A key project must have passed its 事前评估 to enter the stage (a gate named `assessment`). */
  readonly assessment?: boolean;
  /** The date that marks entering the stage: set by the transition into it, and an imported row at an earlier stage may not carry it. */
  readonly enteredOn?: F;
  /** Default days until the next follow-up. */
  readonly cadenceDays: number;
  readonly stall?: StallRuleDeclaration<F>;
}

export interface GateInput {
  stage: string;
  field: string;
  label: string;
  type: GateInputType;
}

export interface DateOrderViolation {
  earlier: string;
  later: string;
  /** The earlier date, which the later one precedes. */
  earlierValue: string;
}

/** What the rest of the code reads, derived from the stage declarations (moves: one forward, or one back, in this order). */
export interface Pipeline<K extends string = string, E extends string = string> {
  readonly stages: readonly StageDeclaration[];
  readonly order: readonly K[];
  readonly labels: Readonly<Record<K, string>>;
  readonly gates: Readonly<Record<K, readonly string[]>>;
  readonly gateInputs: readonly GateInput[];
  readonly cadenceDays: Readonly<Record<K, number>>;
  readonly stallRules: ReadonlyArray<{ stage: K; rule: StallRuleDeclaration }>;
  /** Import spellings (aliases only; labels and keys are matched anyway). */
  readonly aliases: Readonly<Record<string, K>>;
  /** Dates only a transition sets, by the stage that sets them. */
  readonly transitionDates: ReadonlyArray<[field: E, stage: K]>;
  /** Pairs of dates that must be in order: declared `notBefore`s, and each stage's entry date after the previous one's. */
  readonly dateOrder: ReadonlyArray<[earlier: string, later: string]>;
  enteredOn(stage: K): E | undefined;
  /** Whether a key project needs a passed 事前评估 to enter the stage. */
  needsAssessment(stage: K): boolean;
  next(stage: K): K | null;
  previous(stage: K): K | null;
  /** Every pair of `dateOrder` the data breaks (both dates known, the later one before the earlier). */
  datesOutOfOrder(data: Readonly<Record<string, unknown>>): DateOrderViolation[];
}

/** The fields that mark entering a stage. */
type EntryDate<S extends readonly StageDeclaration[]> = S[number] extends infer T
  ? T extends { enteredOn: infer F extends string }
    ? F
    : never
  : never;

/** Derives the pipeline from its declaration, refusing a declaration that contradicts itself. */
export function buildPipeline<const S extends readonly StageDeclaration[]>(stages: S): Pipeline<S[number]['key'], EntryDate<S>> {
  type K = S[number]['key'];
  type E = EntryDate<S>;
  const order = stages.map((s) => s.key as K);
  if (new Set(order).size !== order.length) throw new Error('pipeline: a stage is declared twice');
  const byKey = <V>(value: (s: StageDeclaration) => V) => Object.fromEntries(stages.map((s) => [s.key, value(s)])) as Record<K, V>;

  const aliases: Record<string, K> = {};
  for (const s of stages) {
    for (const alias of s.aliases ?? []) {
      if (aliases[alias] !== undefined || order.includes(alias) || stages.some((other) => other.label === alias))
        throw new Error(`pipeline: the alias 「${alias}」 is ambiguous`);
      aliases[alias] = s.key;
    }
  }

  const transitionDates: Array<[E, K]> = stages.flatMap((s) => (s.enteredOn ? [[s.enteredOn as E, s.key as K] as [E, K]] : []));
  const dateOrder: Array<[string, string]> = [];
  let previousEntry: string | undefined;
  for (const s of stages) {
    for (const gate of s.gates) if (gate.notBefore) dateOrder.push([gate.notBefore, gate.field]);
    if (s.enteredOn) {
      if (previousEntry) dateOrder.push([previousEntry, s.enteredOn]);
      previousEntry = s.enteredOn;
    }
  }

  const indexOf = (stage: K) => order.indexOf(stage);
  return {
    stages,
    order,
    labels: byKey((s) => s.label),
    gates: byKey((s) => s.gates.map((g) => g.field)),
    gateInputs: stages.flatMap((s) =>
      s.gates.flatMap((g) => (g.input ? [{ stage: s.key, field: g.field, label: g.label, type: g.input }] : [])),
    ),
    cadenceDays: byKey((s) => s.cadenceDays),
    stallRules: stages.flatMap((s) => (s.stall ? [{ stage: s.key, rule: s.stall }] : [])),
    aliases,
    transitionDates,
    dateOrder,
    needsAssessment: (stage) => stages[indexOf(stage)]?.assessment === true,
    enteredOn: (stage) => stages[indexOf(stage)]?.enteredOn as E | undefined,
    next: (stage) => order[indexOf(stage) + 1] ?? null,
    previous: (stage) => (indexOf(stage) > 0 ? order[indexOf(stage) - 1] : null),
    datesOutOfOrder(data) {
      const violations: DateOrderViolation[] = [];
      for (const [earlier, later] of dateOrder) {
        const a = data[earlier];
        const b = data[later];
        if (typeof a === 'string' && typeof b === 'string' && b < a) violations.push({ earlier, later, earlierValue: a });
      }
      return violations;
    },
  };
}

/** The yellow and red thresholds of each stage that has a stall rule, as the configuration read them. */
export type StallThresholds = Readonly<Record<string, { yellowMs: number; redMs: number }>>;
