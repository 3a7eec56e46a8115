// Runs in the test worker before each engine test file: take the engine that globalSetup
// prepared (so tests call engine() / withTempProject() without starting anything).
import { inject } from "vitest";
import { setEngine } from "./harness";

setEngine(inject("mlopsEngine"));
