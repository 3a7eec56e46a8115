/**
 * The logins a database server accepts, and how sure we are of them: the official images'
 * defaults (user `postgres`, database = user, MySQL's MYSQL_USER and root, Redis's
 * requirepass) apply only to images with the official entrypoint; init scripts, a built
 * image or another entrypoint may create more roles.
 */
import { envSetting, lastEnv } from "../databases";
import { mayHaveUnreadEnv } from "../env-complete";
import { perObject } from "../memo";
import type { Database, EffectiveSetting, Service } from "../types";

/** One login the database accepts: user and password with where they come from. */
export interface Account {
  user: EffectiveSetting;
  password: EffectiveSetting;
  /** The env var that sets the password (for messages), e.g. POSTGRES_PASSWORD. */
  passwordVar?: string;
  /** The password is required: it is set (or must be set) for this login. */
  passwordRequired: boolean;
}

/** Images whose defaults (user `postgres`, database = user, ...) are the official entrypoint's. */
const DEFAULTS_IMAGES =
  /^(postgres|postgis\/postgis|pgvector\/pgvector|ankane\/pgvector|timescale\/timescaledb(-ha|-postgis)?|mysql|mysql\/mysql-server|mariadb|redis|valkey\/valkey|redis\/redis-stack(-server)?)$/;

/** True when the service runs an image with the official entrypoint's behaviour (not bitnami, supabase, ...). */
function officialImage(db: Database): boolean {
  const repo = (db.service.image?.repository ?? "").replace(/^(.*\/)?library\//, "");
  return !db.service.build && DEFAULTS_IMAGES.test(repo);
}

/** A PostgreSQL with its own client authentication file (mounted pg_hba.conf, `-c hba_file=`). */
function ownHbaFile(service: Service): boolean {
  if (service.volumes.some((v) => v.target?.endsWith("pg_hba.conf"))) return true;
  return (service.command?.commands ?? []).some((cmd) => cmd.some((w) => w.value.includes("hba_file")));
}

/**
 * The logins a database accepts: for MySQL/MariaDB the MYSQL_USER and root; for others the
 * one user. Once per database of a model (every URL to it asks); callers never mutate it.
 */
const accountsOf = perObject((db: Database): Account[] => {
  const s = db.service;
  const has = (n: string) => !!lastEnv(s, n) || !!lastEnv(s, `${n}_FILE`);
  if (db.engine === "postgres") {
    const bitnami = s.image?.repository.startsWith("bitnami/") ?? false;
    const pwVar = bitnami && has("POSTGRESQL_PASSWORD") ? "POSTGRESQL_PASSWORD" : "POSTGRES_PASSWORD";
    return [
      {
        user: db.user,
        password: db.password,
        passwordVar: pwVar,
        // An env_file not read may set POSTGRES_HOST_AUTH_METHOD=trust, and a pg_hba.conf of one's own may
        // trust anyone: then no password is checked.
        passwordRequired:
          !db.passwordOptional &&
          has(pwVar) &&
          (!mayHaveUnreadEnv(s) || has("POSTGRES_HOST_AUTH_METHOD")) &&
          !ownHbaFile(s),
      },
    ];
  }
  if (db.engine === "mysql" || db.engine === "mariadb") {
    const pre = db.engine === "mariadb" ? ["MARIADB_", "MYSQL_"] : ["MYSQL_"];
    const names = (suffix: string) => pre.map((p) => p + suffix);
    const root: EffectiveSetting = { value: "root", known: true };
    const rootPwVar = names("ROOT_PASSWORD").find(has) ?? "MYSQL_ROOT_PASSWORD";
    const rootPw = envSetting(s, names("ROOT_PASSWORD")) ?? { known: false };
    const emptyRoot = names("ALLOW_EMPTY_ROOT_PASSWORD")
      .concat(names("ALLOW_EMPTY_PASSWORD"))
      .some((n) => !!lastEnv(s, n));
    const random = names("RANDOM_ROOT_PASSWORD").some((n) => !!lastEnv(s, n));
    const rootAccount: Account = {
      user: root,
      password: random ? { known: false } : rootPw,
      passwordVar: rootPwVar,
      passwordRequired: !emptyRoot && (random || names("ROOT_PASSWORD").some(has)),
    };
    const userEnv = envSetting(s, names("USER"));
    if (!userEnv || userEnv.value === "root") return [rootAccount];
    const pwVar = names("PASSWORD").find(has) ?? "MYSQL_PASSWORD";
    return [
      {
        user: userEnv,
        password: envSetting(s, names("PASSWORD")) ?? { known: false },
        passwordVar: pwVar,
        passwordRequired: names("PASSWORD").some(has),
      },
      rootAccount,
    ];
  }
  if (db.engine === "redis") {
    return [
      {
        user: { known: false },
        password: db.password,
        passwordVar: db.password.env?.name ?? "--requirepass",
        passwordRequired: !db.passwordOptional,
      },
    ];
  }
  return [];
});

export class AccountFacts {
  /** The logins `db` accepts, its main one first. */
  of(db: Database): readonly Account[] {
    return accountsOf(db);
  }

  /** True when the service runs an image with the official entrypoint's behaviour (not bitnami, supabase, ...). */
  officialImage(db: Database): boolean {
    return officialImage(db);
  }

  /** A setting a rule may rely on: known, and either written in the file or a default of a known image. */
  certain(db: Database, s: EffectiveSetting): s is EffectiveSetting & { value: string } {
    if (!s.known || s.value === undefined) return false;
    // A value copied from a command flag with a variable the model could not resolve.
    if (!s.env && /\$\{?[A-Za-z_]/.test(s.value)) return false;
    if (s.env) return true;
    return officialImage(db);
  }

  /**
   * Roles or databases beyond the POSTGRES_* / MYSQL_* ones may exist: init scripts mounted into
   * /docker-entrypoint-initdb.d, an image built here (it may bake them in), or an image with
   * another entrypoint (bitnami always has `postgres`, supabase creates a dozen roles).
   */
  mayHaveExtraAccounts(db: Database): boolean {
    if (!officialImage(db)) return true;
    return db.service.volumes.some((v) => v.target?.startsWith("/docker-entrypoint-initdb.d"));
  }

  /** The client sets `name` in its environment (PGPASSWORD, MYSQL_PWD, ...). */
  clientSets(service: Service, name: string): boolean {
    return !!lastEnv(service, name);
  }
}
