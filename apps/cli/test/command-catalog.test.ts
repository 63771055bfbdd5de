import { Help } from "commander";
import { describe, expect, it } from "vitest";
import { COMMANDS, commandNamedIn } from "../src/command-catalog.js";

describe("the command catalog (what `gemsweep help` lists without loading any command)", () => {
  it("lists each command as its definition would be listed", async () => {
    for (const entry of COMMANDS) {
      const command = await entry.define();
      expect(command.name()).toBe(entry.name);
      expect(`${entry.name} ${entry.usage}`.trim()).toBe(new Help().subcommandTerm(command));
    }
  });

  it("finds the command a command line names", () => {
    expect(commandNamedIn(["--version"])).toBeUndefined();
    expect(commandNamedIn([])).toBeUndefined();
    expect(commandNamedIn(["help"])).toBeUndefined();
    expect(commandNamedIn(["help", "table"])).toBe("table");
    expect(commandNamedIn(["table", "--format", "json", "0b0e"])).toBe("table");
    expect(commandNamedIn(["--help", "status"])).toBe("status");
  });
});
