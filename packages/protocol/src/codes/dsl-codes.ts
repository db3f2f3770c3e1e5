import { codesOf, type CodeTable } from './error-kind.js'

/** Every error code of `@runink/dsl` with its kind, by the constant that names it. */
export const DSL_CODE_KINDS = {
  /**
   * Every diagnostic code of the feature-file compiler. Codes are stable: tools and tests match
   * on them, so a code is never renamed, only added.
   */
  DslCodes: {
    /** The feature file could not be read. */
    RUNINK_DSL_FILE_UNREADABLE: 'not_found',
    /** A string literal is not closed before the end of its line (or file, for `"""`). */
    RUNINK_DSL_UNTERMINATED_STRING: 'input',
    /** A character or token the grammar does not allow where it stands. */
    RUNINK_DSL_UNEXPECTED_TOKEN: 'input',
    /** An annotation's `(` is never closed. */
    RUNINK_DSL_UNCLOSED_PAREN: 'input',
    /** The feature file is larger than `MAX_FEATURE_CHARS` characters (1 MiB). */
    RUNINK_DSL_FILE_TOO_LARGE: 'input',
    /** Annotations nested deeper than `MAX_ANNOTATION_DEPTH` (16) inside one another. */
    RUNINK_DSL_TOO_DEEP: 'input',
    /** More than `MAX_DIAGNOSTICS` (1000) problems: the first are kept, then this one. */
    RUNINK_DSL_TOO_MANY_PROBLEMS: 'input',
    /** A line looks like a Gherkin keyword but is not one (`Scenaro:`). */
    RUNINK_DSL_UNKNOWN_KEYWORD: 'input',
    /** More than one `Feature:` line. */
    RUNINK_DSL_DUPLICATE_FEATURE: 'input',
    /** The file has no `Scenario:`. */
    RUNINK_DSL_NO_SCENARIO: 'input',
    /** Two scenarios share a name (or the same stage id). */
    RUNINK_DSL_DUPLICATE_SCENARIO: 'conflict',
    /** `@after` or `colocate_with` names no scenario. */
    RUNINK_DSL_UNKNOWN_SCENARIO: 'not_found',
    /** An annotation the language does not have. */
    RUNINK_DSL_UNKNOWN_ANNOTATION: 'input',
    /** A file-level annotation inside a scenario, or a scenario annotation at file level. */
    RUNINK_DSL_MISPLACED_ANNOTATION: 'input',
    /** An annotation that may appear once appears again. */
    RUNINK_DSL_DUPLICATE_ANNOTATION: 'input',
    /** A required argument is absent. */
    RUNINK_DSL_MISSING_ARGUMENT: 'input',
    /** An argument the annotation or step does not take. */
    RUNINK_DSL_UNKNOWN_ARGUMENT: 'input',
    /** An argument of the wrong kind or out of range. */
    RUNINK_DSL_BAD_ARGUMENT: 'input',
    /** Two annotations that exclude each other (`@parallel` and `@partition`). */
    RUNINK_DSL_CONFLICTING_ANNOTATIONS: 'input',
    /** `@feature(version=)` is not a semantic version. */
    RUNINK_DSL_BAD_VERSION: 'input',
    /** A herd name outside `^[a-z][a-z0-9-]{0,62}$`. */
    RUNINK_DSL_BAD_HERD: 'input',
    /** A URI that does not parse, or a scheme used in the wrong direction. */
    RUNINK_DSL_BAD_URI: 'input',
    /** A file source or sink outside the feature file's folder (`..`, absolute, a symlink). */
    RUNINK_DSL_PATH_OUTSIDE_PROJECT: 'input',
    /** A file source or sink inside a Barn (`.runink/`). */
    RUNINK_DSL_PATH_IN_BARN: 'input',
    /** A URI scheme no connector handles. */
    RUNINK_DSL_UNKNOWN_SCHEME: 'input',
    /** A cpu, memory, gpu or timeout value that does not parse. */
    RUNINK_DSL_BAD_RESOURCE: 'input',
    /** A duration that does not parse (`5m`, `30s`, `1h`, `250ms`). */
    RUNINK_DSL_BAD_DURATION: 'input',
    /** A window that does not parse. */
    RUNINK_DSL_BAD_WINDOW: 'input',
    /** A scenario without a source. */
    RUNINK_DSL_NO_SOURCE: 'input',
    /** A scenario without a sink. */
    RUNINK_DSL_NO_SINK: 'input',
    /** Two scenarios write the same dataset or file. */
    RUNINK_DSL_DUPLICATE_SINK: 'conflict',
    /** A scenario without `Given the contract: X`. */
    RUNINK_DSL_NO_CONTRACT: 'input',
    /** A `@contract(path=)` names no file or folder. */
    RUNINK_DSL_CONTRACT_PATH_NOT_FOUND: 'not_found',
    /** A contract file has problems (reported by the contract loader). */
    RUNINK_DSL_CONTRACT_INVALID: 'input',
    /** A contract name (or `name@version`) that no loaded contract has. */
    RUNINK_DSL_UNKNOWN_CONTRACT: 'not_found',
    /** Records of one contract flow where another, incompatible one is expected. */
    RUNINK_DSL_CONTRACT_MISMATCH: 'input',
    /** A `@steps` module that does not exist or cannot be read. */
    RUNINK_DSL_STEP_MODULE_NOT_FOUND: 'not_found',
    /** A `@steps` module that does not parse, or declares a step unreadably. */
    RUNINK_DSL_STEP_MODULE_INVALID: 'input',
    /** A step name that is neither built in nor exported by a `@steps` module. */
    RUNINK_DSL_UNKNOWN_STEP: 'not_found',
    /** A step name defined twice (two modules, or a module and a built-in). */
    RUNINK_DSL_DUPLICATE_STEP: 'conflict',
    /** A built-in step's parameter is missing, unknown or malformed. */
    RUNINK_DSL_BAD_STEP_PARAM: 'input',
    /** A CEL expression that does not parse. */
    RUNINK_DSL_CEL_SYNTAX: 'input',
    /** A CEL expression that does not type-check, or does not yield a bool where one is needed. */
    RUNINK_DSL_CEL_TYPE: 'input',
    /** A record field that the contract of the records at that point does not have. */
    RUNINK_DSL_UNKNOWN_FIELD: 'input',
    /** The stage graph has a cycle. */
    RUNINK_DSL_CYCLE: 'input',
    /** A stage whose invalid records no sink can receive: they would fail the stage. */
    RUNINK_DSL_UNROUTED_INVALID: 'input',
    /** An annotation (or URI scheme) that compiles but that nothing executes yet (`--strict`: error). */
    RUNINK_DSL_NOT_ENFORCED: 'input',
    /** A nullable field used where null fails (compared, computed with) without a null guard. */
    RUNINK_DSL_CEL_NULLABLE: 'input',
    /** A `derive` result whose type does not fit the stage contract's field. */
    RUNINK_DSL_DERIVE_TYPE: 'input',
    /** A local source file that does not exist and that no stage of the plan writes. */
    RUNINK_DSL_SOURCE_MISSING: 'not_found',
    /** A `dataset://` source no stage writes and the Barn does not hold (`runi check`). */
    RUNINK_DSL_UNKNOWN_DATASET: 'not_found',
    /** `dataset://` sources that cannot be checked: there is no Barn (`runi check`). */
    RUNINK_DSL_NO_BARN: 'input',
    /** A `sql` step DuckDB refuses, or whose columns do not fit the contracts (`runi check`). */
    RUNINK_DSL_SQL: 'input',
    /** An unexpected failure inside the compiler itself (a bug: please report it). */
    RUNINK_DSL_INTERNAL: 'internal',
  },
} as const satisfies Readonly<Record<string, CodeTable>>

/**
 * Every diagnostic code of the feature-file compiler. Codes are stable: tools and tests match
 * on them, so a code is never renamed, only added.
 */
export const DslCodes = codesOf(DSL_CODE_KINDS.DslCodes)
export type DslCode = keyof typeof DslCodes
