/**
 * A big, realistic compose file for benchmarks: `services` many services with images,
 * environment (some connection URLs), ports, depends_on and healthchecks, a few databases.
 */
export function generateCompose(services = 2000): string {
  const out: string[] = ["name: bench", "services:"];
  const dbs = Math.max(1, Math.floor(services / 200));
  for (let d = 0; d < dbs; d++) {
    out.push(
      `  db${d}:`,
      "    image: postgres:16",
      "    environment:",
      `      POSTGRES_USER: app${d}`,
      `      POSTGRES_PASSWORD: secret${d}`,
      `      POSTGRES_DB: app${d}`,
      "    ports:",
      `      - "${15432 + d}:5432"`,
      "    volumes:",
      `      - db${d}_data:/var/lib/postgresql/data`,
      "    healthcheck:",
      `      test: ["CMD-SHELL", "pg_isready -h 127.0.0.1 -U app${d} -d app${d}"]`,
      "      interval: 10s",
      "      timeout: 5s",
      "      retries: 5",
    );
  }
  for (let i = 0; i < services - dbs; i++) {
    const d = i % dbs;
    out.push(
      `  svc${i}:`,
      `    image: registry.example.com/team/app-${i % 50}:1.${i % 10}.0`,
      "    restart: unless-stopped",
      "    environment:",
      `      - DATABASE_URL=postgresql://app${d}:secret${d}@db${d}:5432/app${d}`,
      `      - SERVICE_NAME=svc${i}`,
      "      - LOG_LEVEL=info",
      `      - WORKERS=${(i % 8) + 1}`,
      "    ports:",
      `      - "${20000 + i}:8080"`,
      "    depends_on:",
      `      db${d}:`,
      "        condition: service_healthy",
      "    healthcheck:",
      `      test: ["CMD", "curl", "-f", "http://localhost:8080/health"]`,
      "      interval: 30s",
      "    command: >",
      `      sh -c "python -m app --port 8080 --name svc${i}"`,
      "    labels:",
      `      team: t${i % 7}`,
      "      tier: backend",
      "",
    );
  }
  out.push("volumes:");
  for (let d = 0; d < dbs; d++) out.push(`  db${d}_data:`);
  return `${out.join("\n")}\n`;
}

/**
 * A file full of mistakes, for benchmarks that must stay linear when findings abound: blocks
 * of ten services, one database without a healthcheck (PostgreSQL, some MySQL and Redis) and
 * nine clients, each carrying one of the pitfalls the rules catch (a shared database, a wrong
 * host, localhost, the published port, a wrong or missing password, a short-form or healthy
 * depends_on, a duplicate host port, no shared network, undefined references, a command cut
 * by a line break). `services` is rounded down to a multiple of ten; with 2,000 services
 * every rule but obsolete-version (once per file) fires hundreds of times.
 */
export function generateFindingHeavy(services = 2000): string {
  const out: string[] = ['version: "3.8"', "name: mistakes", "services:"];
  const blocks = Math.max(1, Math.floor(services / 10));
  for (let b = 0; b < blocks; b++) {
    const db = `db${b}`;
    const kind = b % 10 < 8 ? "postgres" : b % 10 === 8 ? "mysql" : "redis";
    const scheme = kind === "postgres" ? "postgresql" : kind;
    const port = kind === "postgres" ? 5432 : kind === "mysql" ? 3306 : 6379;
    const published = 30000 + b;
    // A URL to this block's database with the right credentials, or with one part changed.
    const url = (o: { user?: string; password?: string | null; host?: string; port?: number } = {}) => {
      const user = o.user ?? `app${b}`;
      const password = o.password === null ? "" : `:${o.password ?? `secret${b}`}`;
      const path = kind === "redis" ? "/0" : `/app${b}`;
      const creds =
        kind === "redis"
          ? o.password === null
            ? ""
            : `:${o.password ?? `secret${b}`}@`
          : `${user}${password}@`;
      return `${scheme}://${creds}${o.host ?? db}:${o.port ?? port}${path}`;
    };
    out.push(`  ${db}:`);
    if (kind === "postgres") {
      out.push(
        "    image: postgres:16",
        "    environment:",
        `      POSTGRES_USER: app${b}`,
        `      POSTGRES_PASSWORD: secret${b}`,
        `      POSTGRES_DB: app${b}`,
      );
    } else if (kind === "mysql") {
      out.push(
        "    image: mysql:8",
        "    environment:",
        `      MYSQL_USER: app${b}`,
        `      MYSQL_PASSWORD: secret${b}`,
        `      MYSQL_ROOT_PASSWORD: root${b}`,
        `      MYSQL_DATABASE: app${b}`,
      );
    } else {
      out.push("    image: redis:7", `    command: redis-server --requirepass secret${b}`);
    }
    out.push("    ports:", `      - "${published}:${port}"`, "    volumes:", `      - ${db}_data:/data`);
    // Even blocks wait for the database healthy (which has no healthcheck), odd ones only started.
    const healthy = b % 2 === 0;
    const sqlDb = kind !== "redis";
    out.push(
      // MLflow 3.5 with a local artifact root that host-port's tracking URI reaches by name (the
      // Host check rejects it), and no driver for its SQL backend.
      `  mlflow${b}:`,
      "    image: ghcr.io/mlflow/mlflow:v3.5.0",
      "    depends_on:",
      `      - ${db}`,
      "    ports:",
      `      - "${40000 + b}:5000"`,
      "    command: >",
      '      bash -c "',
      "        mlflow server",
      `          --backend-store-uri ${sqlDb ? url() : "sqlite:///mlflow.db"}`,
      "          --default-artifact-root ./mlruns",
      "          --host 0.0.0.0",
      '      "',
      `  airflow${b}:`,
      "    image: apache/airflow:2.7.0",
      "    depends_on:",
      `      ${db}:`,
      `        condition: ${healthy ? "service_healthy" : "service_started"}`,
      "    environment:",
      `      AIRFLOW__DATABASE__SQL_ALCHEMY_CONN: ${sqlDb ? url() : "sqlite:////tmp/airflow.db"}`,
      `  wrong-host${b}:`,
      `    image: example/app:${b % 10}`,
      "    environment:",
      `      - DATABASE_URL=${url({ host: `dbb${b}` })}`,
      `      - MLFLOW_TRACKING_URI=http://mlfloww${b}:5000`,
      "    ports:",
      `      - "${20000 + b}:8080"`,
      `  local${b}:`,
      `    image: example/app:${b % 10}`,
      "    environment:",
      `      - DATABASE_URL=${url({ host: "localhost" })}`,
      "    ports:",
      `      - "${20000 + b}:8080"`,
      `  host-port${b}:`,
      `    image: example/app:${b % 10}`,
      // MLflow and Airflow wait for their database by themselves: this unknown client may not.
      "    depends_on:",
      `      - ${db}`,
      "    environment:",
      `      - DATABASE_URL=${url({ port: published })}`,
      `      - MLFLOW_TRACKING_URI=http://mlflow${b}:5000`,
      `  bad-password${b}:`,
      `    image: example/app:${b % 10}`,
      "    environment:",
      `      - DATABASE_URL=${url({ password: `wrong${b}` })}`,
      `  no-password${b}:`,
      `    image: example/app:${b % 10}`,
      "    environment:",
      `      - DATABASE_URL=${url({ password: null })}`,
      `  other-net${b}:`,
      `    image: example/app:${b % 10}`,
      "    networks: [front]",
      "    environment:",
      `      - DATABASE_URL=${url()}`,
      `  undefined${b}:`,
      `    image: example/app:${b % 10}`,
      "    depends_on:",
      `      - cache${b}`,
      "    volumes:",
      `      - uploads${b}:/uploads`,
      "",
    );
  }
  out.push("networks:", "  front:", "volumes:");
  for (let b = 0; b < blocks; b++) out.push(`  db${b}_data:`);
  return `${out.join("\n")}\n`;
}
