import { describe, expect, it } from "vitest";
import { expectFindings, expectFix, expectNoFindings } from "../../../test/helpers/rule-test";

const ID = "healthcheck-wrong-port";

describe(ID, () => {
  it("flags the published host port and a port the database does not listen on", () => {
    const [pg, web, other] = expectFindings(
      ID,
      `
      services:
        db:
          image: postgres:16
          ports: ["5433:5432"]
          healthcheck:
            test: ["CMD-SHELL", "pg_isready -h 127.0.0.1 -p 5433 -U postgres"]
      #                                                     ^^^^ healthcheck-wrong-port error safe-fix
        web:
          image: nginx
          ports: ["8081:80"]
          healthcheck:
            test: ["CMD", "curl", "-f", "http://localhost:8081/health"]
      #                                                   ^^^^ healthcheck-wrong-port error safe-fix
        cache:
          image: redis:7
          healthcheck:
            test: redis-cli -p 6380 ping
      #                        ^^^^ healthcheck-wrong-port error safe-fix: but Redis listens on 6379
      `,
    );
    expect(pg.message).toBe(
      "`db`'s healthcheck probes port 5433, the host port of `5433:5432`: it never passes.",
    );
    expect(web.detail).toMatch(/listens on 80;/);
    expect(other.detail).toMatch(/its default/);
  });

  it("knows the port PGPORT and the command set", () => {
    expectFindings(
      ID,
      `
      services:
        a:
          image: postgres:16
          environment: [PGPORT=5433]
          healthcheck:
            test: pg_isready -p 5432
      #                         ^^^^ healthcheck-wrong-port: listens on 5433
        b:
          image: postgres:16
          command: postgres -c port=6000
          healthcheck:
            test: pg_isready --port=5432
      #                             ^^^^ healthcheck-wrong-port: listens on 6000
      `,
    );
  });

  it("says nothing of the right port, another host, a socket-only MySQL client or an unknown server port", () => {
    expectNoFindings(
      ID,
      `
      services:
        a:
          image: postgres:16
          ports: ["5433:5432"]
          healthcheck: {test: pg_isready -p 5432}
        b:
          image: postgres:16
          environment: [PGPORT=5433]
          ports: ["5433:5433"]
          healthcheck: {test: pg_isready -p 5433}
        c:
          image: postgres:16
          ports: ["5433:5432"]
          healthcheck: {test: pg_isready -h other -p 5433}
        d:
          image: mysql:8
          ports: ["3307:3306"]
          healthcheck: {test: mysqladmin ping -h localhost -P 3307}
        e:
          image: redis:7
          command: redis-server /etc/redis.conf
          healthcheck: {test: redis-cli -p 6380 ping}
        f:
          image: myapp
          ports: ["8081:8080"]
          command: serve --port 8081
          healthcheck: {test: curl -f http://localhost:8081}
        g:
          image: myapp
          ports: ["8081:8080", "8082:8081"]
          healthcheck: {test: curl -f http://localhost:8081}
        h:
          image: myapp
          network_mode: host
          ports: ["8081:8080"]
          healthcheck: {test: curl -f http://localhost:8081}
        i:
          image: postgres:16
          ports: ["5433:5432"]
          healthcheck: {test: "psql postgresql://postgres:5433@localhost:5432/db -c 'select 1'"}
        j:
          image: postgres:16
          environment:
            PGPORT: \${PORT}
          healthcheck: {test: pg_isready -p 5433}
      `,
    );
  });

  it("writes the container port", () => {
    expectFix(
      ID,
      `
      services:
        db:
          image: postgres:16
          ports:
            - "5433:5432"
          healthcheck:
            test: ["CMD", "pg_isready", "-p", "5433"] # keep
            interval: 5s
      `,
      `
      services:
        db:
          image: postgres:16
          ports:
            - "5433:5432"
          healthcheck:
            test: ["CMD", "pg_isready", "-p", "5432"] # keep
            interval: 5s
      `,
    );
    expectFix(
      ID,
      `
      services:
        web:
          image: nginx
          ports: ["8081:80"]
          healthcheck:
            test: wget -q --spider http://127.0.0.1:8081/ || exit 1
      `,
      `
      services:
        web:
          image: nginx
          ports: ["8081:80"]
          healthcheck:
            test: wget -q --spider http://127.0.0.1:80/ || exit 1
      `,
    );
  });

  it("offers no fix for a port from a variable", () => {
    expectFindings(
      ID,
      `
      services:
        db:
          image: postgres:16
          ports: ["\${DB_PORT}:5432"]
          healthcheck:
            test: pg_isready -p \${DB_PORT}
      #                         ^ healthcheck-wrong-port no-fix
      `,
      { variables: new Map([["DB_PORT", "5433"]]) },
    );
  });
});
