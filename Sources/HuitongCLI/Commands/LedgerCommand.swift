import Foundation
import HuitongCore
import HuitongHub
import HuitongLedger

/// `huitong ledger verify|list|show`: the auditor's view of the exchange ledger.
///
/// The argument parser has no subcommands, so the action is the first positional argument;
/// options that belong to one action are refused with the others.
struct LedgerCommand: Command {
    /// Where the pipeline keeps the ledger unless its configuration says otherwise.
    static let defaultDirectory = ".huitong/ledger"
    static let actions = ["verify", "list", "show", "history", "export"]
    static let defaultRecordLimit = 5

    var spec: CommandSpec {
        CommandSpec(
            name: "ledger",
            summary: "Verify, list and show the exchange ledger: what each exchange sent and what the platform holds.",
            discussion: """
            ACTION is one of:
              verify       Recompute the SHA-256 of every file of every entry and check the chain of
                           manifests. Every problem is named with its entry and file: a changed, missing or
                           unexpected file, a removed, inserted or reordered entry, a manifest that was
                           edited, is not canonical JSON or is not the ledger format. Exit 0 when intact,
                           1 when problems were found. Prints the head (the newest manifest's hash) to
                           record; --head checks later that the ledger still holds it.
              list         One line per entry: sequence, finish time (Beijing), job → platform/dataset,
                           mode, counts, and "test" for joint-test exchanges.
              show ENTRY   One entry's manifest laid out, its file hashes, and its first records (--limit).
                           ENTRY is a sequence number, an entry id, or the start of a run id.
              history JOB/TARGET KEY
                           One record across the exchanges of JOB to TARGET (--test: the joint-test ones):
                           when the platform first held it, each change with its fields' old and new
                           values, each time it was set aside or rejected and why, its deletion.
              export RANGE --to DIR
                           An evidence package of entries RANGE (ENTRY, or FIRST..LAST, each as show takes
                           it or JOB/TARGET@latest and the other forms of 'huitong diff'): the manifests
                           of every entry up to LAST (the chain), the data files of the entries in RANGE,
                           SHA256SUMS, HEAD, verify.py (Python standard library only) and a README, so an
                           auditor checks it with sha256sum and python3, without Huitong. Only an intact
                           ledger is exported; DIR must be new or empty.

            The ledger is read from --ledger DIR; without it, from the ledger: directory of the configuration
            (--config FILE, or ./huitong.yaml when it exists): only its version and ledger: keys are read, never
            its credentials, profiles or mappings, since nothing is sent; without either, from ./\(Self.defaultDirectory). A ledger directory that is missing or cannot
            be read exits 3. See docs/ledger.md for the format.
            """,
            options: [
                OptionSpec(name: "ledger", kind: .value(placeholder: "DIR"), help: "the ledger directory (default: the configuration's, else ./\(Self.defaultDirectory))"),
                .config,
                OptionSpec(name: "json", help: "print one JSON object for scripts"),
                OptionSpec(name: "test", help: "history: the joint-test exchanges"),
                OptionSpec(name: "to", kind: .value(placeholder: "DIR"), help: "export: the directory to write the evidence package into (new or empty)"),
                OptionSpec(name: "head", kind: .value(placeholder: "SHA256"), help: "verify: a head recorded earlier that the ledger must still hold"),
                OptionSpec(name: "limit", short: "n", kind: .value(placeholder: "N"), help: "show: records of each file to print (default \(Self.defaultRecordLimit))"),
            ],
            arguments: [
                ArgumentSpec(name: "ACTION", help: Self.actions.joined(separator: ", ")),
                ArgumentSpec(name: "ENTRY", arity: .optional, help: "show: a sequence number, entry id or run id prefix; history: JOB/TARGET; export: ENTRY or FIRST..LAST"),
                ArgumentSpec(name: "KEY", arity: .optional, help: "history: the record's key, as the ledger holds it"),
            ],
            examples: [
                ("huitong ledger verify", "check every entry and the chain; exit 1 names each problem"),
                ("huitong ledger list --ledger /srv/huitong/ledger", "one line per exchange"),
                ("huitong ledger show 12", "entry 12's manifest and first records"),
                ("huitong ledger history shelters/province-rfgc 320602-0001", "one shelter across the exchanges"),
                ("huitong ledger export 1..12 --to evidence-2026-12", "an evidence package of entries 1 to 12"),
                ("huitong ledger verify --json --head 3f9a…", "for scripts, checking a head recorded earlier"),
            ]
        )
    }

    func run(_ arguments: ParsedArguments, console: Console) async throws -> ExitStatus {
        let action = arguments.positional("ACTION") ?? ""
        let json = arguments.flag("json")
        let entry = arguments.positional("ENTRY")
        guard Self.actions.contains(action) else {
            let nearest = NameSuggestion.nearest(to: action, among: Self.actions).map { "Did you mean '\($0)'? " } ?? ""
            throw usage("unknown action \"\(action)\"; the actions are \(Self.actions.joined(separator: ", "))", hint: nearest)
        }
        if action != "verify", arguments.value("head") != nil {
            throw usage("--head belongs to 'huitong ledger verify'", hint: "")
        }
        if action != "show", arguments.value("limit") != nil {
            throw usage("--limit belongs to 'huitong ledger show'", hint: "")
        }
        if action != "history", arguments.positional("KEY") != nil || arguments.flag("test") {
            throw usage("KEY and --test belong to 'huitong ledger history'", hint: "")
        }
        if action != "export", arguments.value("to") != nil {
            throw usage("--to belongs to 'huitong ledger export'", hint: "")
        }
        if action != "show", action != "history", action != "export", let entry {
            throw usage("'huitong ledger \(action)' takes no ENTRY (got \"\(entry)\")", hint: "")
        }
        let directory = try Self.ledgerDirectory(arguments)
        switch action {
        case "verify":
            return try verify(directory: directory, recordedHead: try recordedHead(arguments), json: json, console: console)
        case "list":
            return try list(directory: directory, json: json, console: console)
        case "export":
            guard let entry, let target = arguments.value("to") else {
                throw usage("'huitong ledger export' needs RANGE and --to DIR, such as: huitong ledger export 1..12 --to evidence", hint: "")
            }
            return try export(entry, to: target, directory: directory, json: json, console: console)
        case "history":
            guard let entry, let key = arguments.positional("KEY") else {
                throw usage("'huitong ledger history' needs JOB/TARGET and KEY, such as shelters/province-rfgc 320602-0001", hint: "")
            }
            return try history(entry, key: key, directory: directory, test: arguments.flag("test"), json: json, console: console)
        default:
            guard let entry else { throw usage("'huitong ledger show' needs ENTRY: a sequence number, entry id or run id prefix", hint: "") }
            return try show(entry, directory: directory, limit: try limit(arguments), json: json, console: console)
        }
    }

    /// `--ledger DIR`; else the configuration's `ledger:` (`--config FILE`, or ./huitong.yaml
    /// when there is one), read alone: neither credentials nor profiles nor mappings; else the default.
    static func ledgerDirectory(_ arguments: ParsedArguments) throws(ConfigurationFailure) -> String {
        if let directory = arguments.value("ledger") { return directory }
        let path = arguments.configurationPath
        guard arguments.value(OptionSpec.config.name) != nil || FileManager.default.fileExists(atPath: path) else {
            return Self.defaultDirectory
        }
        return try HubConfiguration.ledgerDirectory(configuredIn: path)
    }

    private func recordedHead(_ arguments: ParsedArguments) throws(UsageError) -> Digest? {
        guard let text = arguments.value("head") else { return nil }
        guard text.utf8.count == 64, let digest = Digest(hexadecimal: text) else {
            throw usage("--head takes a SHA-256 in hexadecimal (64 digits), as 'huitong ledger verify' prints it, not \"\(text)\"", hint: "")
        }
        return digest
    }

    private func limit(_ arguments: ParsedArguments) throws(UsageError) -> Int {
        let text = arguments.value("limit") ?? String(Self.defaultRecordLimit)
        guard let limit = Int(text), limit >= 0 else { throw usage("--limit takes a whole number, not \"\(text)\"", hint: "") }
        return limit
    }

    func usage(_ message: String, hint: String) -> UsageError {
        UsageError(command: "ledger", message: message,
                   hint: hint + "Usage: \(HelpFormatter.usageLine(for: spec)). See 'huitong ledger --help'.")
    }
}
