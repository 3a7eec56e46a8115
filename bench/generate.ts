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
