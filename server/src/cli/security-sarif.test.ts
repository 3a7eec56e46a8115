import { afterEach, describe, expect, it } from "vitest";
import { makeProject, type Project } from "../../../test/helpers/project-fix";
import { dedent } from "../../../test/helpers/rule-test";
import { type Io, main } from "./main";

const TEXT = dedent(`
  services:
    redis:
      image: redis:7
      ports:
        - "6379:6379"
    worker:
      image: apache/airflow:2.10.4
      environment:
        AIRFLOW__CORE__FERNET_KEY: 46BKJoQYlPPOexq0OhDZnIlNepKFf87WFwLbfzqDDho=
      volumes:
        - /var/run/docker.sock:/var/run/docker.sock
`);

async function lint(args: string[]): Promise<string> {
  const out: string[] = [];
  const io: Io = { out: (s) => out.push(s), err: () => {}, write: (s) => out.push(s), isTTY: false };
  await main(args, io);
  return out.join("\n");
}

interface SarifRule {
  id: string;
  properties?: { "security-severity"?: string; tags?: string[] };
}
interface SarifResult {
  ruleId: string;
  fixes?: { description: { text: string } }[];
}

describe("security rules in SARIF and JSON", () => {
  let project: Project | undefined;
  afterEach(() => project?.remove());

  it("rules carry security-severity; fixes are SARIF fixes, but never the secrets fix (it holds the secret)", async () => {
    project = makeProject({ "docker-compose.yml": TEXT });
    const sarif = JSON.parse(await lint(["lint", "--format", "sarif", project.compose]));
    const rules: SarifRule[] = sarif.runs[0].tool.driver.rules;
    const sev = (id: string) => rules.find((r) => r.id === id)?.properties?.["security-severity"];
    expect(sev("docker-socket-mounted")).toBe("9.0");
    expect(sev("privileged")).toBe("8.5");
    expect(sev("database-published-on-all-interfaces")).toBe("6.5");
    expect(sev("plaintext-secret")).toBe("5.5");
    expect(sev("wrong-db-host")).toBeUndefined();
    expect(rules.find((r) => r.id === "privileged")?.properties?.tags).toEqual(["security"]);
    const results: SarifResult[] = sarif.runs[0].results;
    const db = results.find((r) => r.ruleId === "database-published-on-all-interfaces");
    expect(db?.fixes?.map((f) => f.description.text)).toEqual(["Publish it on 127.0.0.1 only"]);
    const secret = results.find((r) => r.ruleId === "plaintext-secret");
    expect(secret).toBeDefined();
    expect(secret?.fixes).toBeUndefined();
    const json = await lint(["lint", "--format", "json", project.compose]);
    const text = JSON.stringify(sarif) + json;
    expect(text.match(/46BKJoQ/g) ?? []).toEqual([]);
  });
});
