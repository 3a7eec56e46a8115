import * as fs from "node:fs";
import { test } from "vitest";
import { sleep, Workbench } from "./harness";
test("probe", async () => {
  const wb = await Workbench.start({ name: "probe", workspace: "examples/mlflow-airflow", vsix: "dist/mlops-compose-doctor.vsix" });
  try {
    await wb.openFile("docker-compose.yml");
    await wb.goTo(4);
    console.log(await wb.waitForSquiggle("warning", "version: '3.8'"));
    wb.updateUserSettings({ "mlopsCompose.rules.obsolete-version": "off" });
    for (let i = 0; i < 10; i++) { await sleep(1000); console.log("user", i, (await wb.squiggles("warning")).map((s) => s.text).join("|")); }
    fs.mkdirSync(wb.file(".vscode"));
    fs.writeFileSync(wb.file(".vscode/settings.json"), JSON.stringify({ "mlopsCompose.rules.obsolete-version": "off" }));
    for (let i = 0; i < 10; i++) { await sleep(1000); console.log("ws", i, (await wb.squiggles("warning")).map((s) => s.text).join("|")); }
    await wb.screenshot("end");
  } finally { wb.saveLogs(); await wb.close(); }
}, 200000);
