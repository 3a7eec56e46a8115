import { describe, expect, it } from "vitest";
import { buildModel } from "../build";
import { factsOf } from "./index";

function probeOf(command: string, extra = "") {
  const model = buildModel(
    `services:\n  mlflow:\n    image: ghcr.io/mlflow/mlflow:v2.16.2\n    command: ${JSON.stringify(command)}\n${extra}`,
  );
  const mlflow = factsOf(model).mlflow;
  return mlflow.healthProbe(mlflow.servers()[0]!);
}

describe("mlflow facts: the health probe from inside the server's container", () => {
  it("asks a wildcard or loopback bind at 127.0.0.1, on its --port, under --static-prefix", () => {
    expect(probeOf("mlflow server --host 0.0.0.0 --port 5001")).toEqual({
      url: "http://127.0.0.1:5001/health",
    });
    // The 2.x default host is 127.0.0.1 and the default port 5000.
    expect(probeOf("mlflow server")).toEqual({ url: "http://127.0.0.1:5000/health" });
    expect(probeOf("mlflow server --host :: --static-prefix /mlflow/")).toEqual({
      url: "http://127.0.0.1:5000/mlflow/health",
    });
    expect(probeOf("mlflow server --host 10.0.0.5")).toEqual({ url: "http://10.0.0.5:5000/health" });
    expect(probeOf("mlflow server --host ::1")).toEqual({ url: "http://[::1]:5000/health" });
    // MLFLOW_PORT is read when no --port is given.
    expect(probeOf("mlflow server --host 0.0.0.0", "    environment: {MLFLOW_PORT: '8080'}\n")).toEqual({
      url: "http://127.0.0.1:8080/health",
    });
  });

  it("says why when the port or host is not known", () => {
    expect(probeOf('sh -c "mlflow server --host 0.0.0.0 --port $$PORT"')).toEqual({
      unknown: "its --port comes from a variable",
    });
    expect(probeOf('sh -c "mlflow server --host $$H"')).toEqual({
      unknown: "its --host comes from a variable",
    });
  });
});
