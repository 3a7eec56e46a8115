/**
 * The facts layer: what rules (and editor features) ask of a model, computed once per model
 * or once per service, indexed so that no question scans every service: who depends on a
 * database and who connects to it, the URL groups and the logins they use, networks and who
 * reaches whom, published ports, references and the names a misspelt one may mean.
 *
 * `factsOf(model)` gives the one Facts of a model; each area is built on first use, so a
 * disabled rule costs nothing. Facts of one service are kept with the service object (which
 * an open document reuses between keystrokes while the service's text is unchanged), facts
 * of the whole model with the model. Rules never cache: they ask.
 */
import { perObject } from "../memo";
import type { ComposeModel, Service } from "../types";
import { AccountFacts } from "./accounts";
import { AirflowFacts } from "./airflow";
import { ConnectionFacts } from "./connections";
import { ImageFactsArea } from "./images";
import { MlflowFacts } from "./mlflow";
import { NetworkFacts } from "./networks";
import { once } from "./once";
import { PortFacts } from "./ports";
import { ProbeFacts } from "./probes";
import { ProjectFacts } from "./project";
import { ReadinessFacts } from "./readiness";
import { ReferenceFacts } from "./references";
import { S3Facts } from "./s3";
import { SecretFacts } from "./secrets";
import { TargetFacts } from "./targets";

export class Facts {
  constructor(readonly model: ComposeModel) {}

  private readonly _project = once(() => new ProjectFacts(this.model));
  private readonly _networks = once(() => new NetworkFacts(this.model));
  private readonly _connections = once(() => new ConnectionFacts(this.model));
  private readonly _targets = once(() => new TargetFacts(this.model, this.networks));
  private readonly _accounts = once(() => new AccountFacts());
  private readonly _readiness = once(() => new ReadinessFacts(this.model, this.connections, this.order));
  private readonly _ports = once(() => new PortFacts(this.model));
  private readonly _references = once(() => new ReferenceFacts(this.model));
  private readonly _airflow = once(() => new AirflowFacts(this.model, (s) => this.readiness.dockerfile(s)));
  private readonly _mlflow = once(() => new MlflowFacts(this.model, this.connections));
  private readonly _secrets = once(() => new SecretFacts(this.model));
  private readonly _s3 = once(() => new S3Facts(this.model, this.connections, this.networks));
  private readonly _images = once(() => new ImageFactsArea());
  private readonly _probes = once(() => new ProbeFacts(this.model));

  /** Whether the file is the whole project, and what services take from elsewhere (`extends`). */
  get project(): ProjectFacts {
    return this._project();
  }
  /** Networks, reachability, what makes a name resolve. */
  get networks(): NetworkFacts {
    return this._networks();
  }
  /** URL groups, logins, who connects to whom. */
  get connections(): ConnectionFacts {
    return this._connections();
  }
  /** The services a wrong URL host may have meant, ranked. */
  get targets(): TargetFacts {
    return this._targets();
  }
  /** The logins a database accepts. */
  get accounts(): AccountFacts {
    return this._accounts();
  }
  /** Healthchecks, waiting, depends_on uses and dependants. */
  get readiness(): ReadinessFacts {
    return this._readiness();
  }
  /** Published host ports. */
  get ports(): PortFacts {
    return this._ports();
  }
  /** What a service's known image reads and does: version, data directory, variables it ignores. */
  get images(): ImageFactsArea {
    return this._images();
  }
  /** What a service's healthcheck test actually runs (forms that do not run what was written). */
  get probes(): ProbeFacts {
    return this._probes();
  }
  /** Names services refer to, and whether they are defined. */
  get references(): ReferenceFacts {
    return this._references();
  }
  /** Airflow's components, versions, executor and configuration variables. */
  get airflow(): AirflowFacts {
    return this._airflow();
  }
  /** MLflow servers: their options, image, stores and who reaches them. */
  get mlflow(): MlflowFacts {
    return this._mlflow();
  }
  /** S3 stores (MinIO, RustFS, LocalStack, ...): their API and console ports, root keys and clients. */
  get s3(): S3Facts {
    return this._s3();
  }
  /** Literal secrets (credential entries and URL passwords, grouped by value) and the names they move to. */
  get secrets(): SecretFacts {
    return this._secrets();
  }

  private readonly indexes = once(() => new Map(this.model.services.map((s, i) => [s, i])));

  /** The service's place in the file (for keeping findings in file order). */
  readonly order = (service: Service): number => this.indexes().get(service) ?? -1;
}

/** The facts of a model: one per model, built the first time anything asks. */
export const factsOf = perObject((model: ComposeModel) => new Facts(model));

export type { Account } from "./accounts";
export type { AirflowCall, AirflowService, AirflowVersion, MissingAirflowComponent } from "./airflow";
export { AIRFLOW_LONG_RUNNING } from "./airflow";
export type { LoginGroup, UrlGroup } from "./connections";
export type { IgnoredVariable, InitOnlyOnVolume, KnownImage } from "./images";
export type { MlflowHealthProbe, MlflowOptionValue, MlflowServer, MlflowStorePath } from "./mlflow";
export type { NearNames } from "./names";
export type { EffectiveNetworks } from "./networks";
export type { Bind, HostRange, Published } from "./ports";
export { bindOf, bindsOverlap, PortIndex } from "./ports";
export type { HealthcheckShape } from "./probes";
export type { ExtendsInfo, PartialReason } from "./project";
export type { DependencyUse, HealthState, ImageHealthcheck } from "./readiness";
export type { MissingReference, Reference, ReferenceKind } from "./references";
export { SECTION } from "./references";
export type { S3Client, S3Credential, S3Port, S3Store } from "./s3";
export type { HostAccess, Secret, SecretFiles, SecretPlace } from "./secrets";
export type { Ranking, Target } from "./targets";
