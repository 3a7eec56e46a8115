import { pathToFileURL } from "node:url";
import { afterEach, describe, expect, it } from "vitest";
import type { CreateFile, TextDocumentEdit } from "vscode-languageserver";
import { TextDocument } from "vscode-languageserver-textdocument";
import { lintText } from "../../../test/helpers/lint";
import { applyLspEdits } from "../../../test/helpers/lsp-client";
import { makeProject, type Project } from "../../../test/helpers/project-fix";
import { dedent } from "../../../test/helpers/rule-test";
import { workspaceEditOf } from "./file-edits";

const TEXT = dedent(`
  services:
    db:
      image: postgres:16
      environment:
        POSTGRES_PASSWORD: pw123
`);

const FULL = {
  workspace: { workspaceEdit: { documentChanges: true, resourceOperations: ["create" as const] } },
};

describe("the secrets fix as an LSP workspace edit", () => {
  let project: Project | undefined;
  afterEach(() => project?.remove());

  const setUp = (files: Record<string, string>) => {
    project = makeProject({ "docker-compose.yml": TEXT, ...files }, { git: true });
    const uri = pathToFileURL(project.compose).href;
    const doc = TextDocument.create(uri, "yaml", 7, TEXT);
    const fix = lintText(TEXT, { path: project.compose })
      .find((f) => f.rule === "plaintext-secret")!
      .fixes!.find((f) => f.title === "Move secrets to .env")!;
    return { doc, fix, uri: (name: string) => pathToFileURL(`${project!.dir}/${name}`).href };
  };

  it("creates .env, .env.example and .gitignore and edits the document at its version, in one edit", () => {
    const { doc, fix, uri } = setUp({});
    const edit = workspaceEditOf(doc, fix, FULL)!;
    const changes = edit.documentChanges as (TextDocumentEdit | CreateFile)[];
    const creates = changes
      .filter((c): c is CreateFile => "kind" in c && c.kind === "create")
      .map((c) => c.uri);
    expect(creates).toEqual([uri(".env"), uri(".env.example"), uri(".gitignore")]);
    const edits = changes.filter((c): c is TextDocumentEdit => "textDocument" in c);
    const env = edits.find((e) => e.textDocument.uri === uri(".env"))!;
    expect(applyLspEdits("", env.edits as never)).toBe("POSTGRES_PASSWORD=pw123\n");
    const own = edits.find((e) => e.textDocument.uri === doc.uri)!;
    expect(own.textDocument.version).toBe(7);
    expect(applyLspEdits(TEXT, own.edits as never)).toContain(
      "POSTGRES_PASSWORD: ${POSTGRES_PASSWORD:?set POSTGRES_PASSWORD in .env}",
    );
  });

  it("appends to an existing .env at its end", () => {
    const { doc, fix, uri } = setUp({ ".env": "A=1\nB=2", ".gitignore": ".env\n", ".env.example": "" });
    const edit = workspaceEditOf(doc, fix, FULL)!;
    const changes = edit.documentChanges as (TextDocumentEdit | CreateFile)[];
    expect(changes.some((c) => "kind" in c)).toBe(false);
    const env = changes.find(
      (c): c is TextDocumentEdit => "textDocument" in c && c.textDocument.uri === uri(".env"),
    )!;
    expect(applyLspEdits("A=1\nB=2", env.edits as never)).toBe("A=1\nB=2\nPOSTGRES_PASSWORD=pw123\n");
  });

  it("a client that cannot create files gets no action when a file is new, `changes` when all exist", () => {
    const { doc, fix } = setUp({});
    expect(workspaceEditOf(doc, fix, {})).toBeUndefined();
    project!.remove();
    const again = setUp({ ".env": "", ".env.example": "", ".gitignore": ".env\n" });
    const edit = workspaceEditOf(again.doc, again.fix, {})!;
    expect(Object.keys(edit.changes!).sort()).toEqual(
      [again.uri(".env"), again.uri(".env.example"), again.doc.uri].sort(),
    );
  });
});
