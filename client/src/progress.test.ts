import { describe, expect, it } from "vitest";
import { describeProgress } from "./progress";

describe("describeProgress (status bar text from the script's markers)", () => {
  it("follows the stages", () => {
    expect(describeProgress("MLOps", "")).toEqual({ text: "$(sync~spin) MLOps", state: "running" });
    expect(describeProgress("MLOps", "stage 1 3 databases\n")).toEqual({
      text: "$(sync~spin) MLOps [1/3] databases",
      state: "running",
    });
    expect(
      describeProgress("MLOps", "stage 1 3 databases\nok 1 3 databases\nstage 2 3 one-shot jobs\n").text,
    ).toBe("$(sync~spin) MLOps [2/3] one-shot jobs");
    expect(
      describeProgress(
        "MLOps",
        "stage 1 2 databases\nok 1 2 databases\nstage 2 2 applications\nok 2 2 applications\ndone\nexit 0\n",
      ),
    ).toEqual({
      text: "$(check) MLOps: up",
      state: "done",
    });
  });

  it("shows the failed stage; a bare non-zero exit is a failure too", () => {
    expect(describeProgress("MLOps", "stage 1 2 databases\nfailed 1 2 databases\nexit 1\n")).toEqual({
      text: "$(error) MLOps: stage 1/2 databases failed",
      state: "failed",
    });
    expect(describeProgress("MLOps Check", "exit 1\n")).toEqual({
      text: "$(error) MLOps Check: failed (exit 1)",
      state: "failed",
    });
    expect(describeProgress("MLOps Check", "exit 0\n")).toEqual({
      text: "$(check) MLOps Check: done",
      state: "done",
    });
  });

  it("reset steps, and Ctrl-C on `logs -f` after the stack is up is not a failure", () => {
    expect(describeProgress("MLOps Reset", "step down\n").text).toBe("$(sync~spin) MLOps Reset: down -v");
    expect(
      describeProgress("MLOps Reset", "step down\nstage 1 1 databases\nok 1 1 databases\ndone\nexit 130\n")
        .state,
    ).toBe("done");
  });
});
