import Foundation
import HuitongCore

/// `huitong ledger export`: a self-contained evidence package an auditor can check with
/// standard tools and no Huitong — the manifest of every entry up to the last one exported (the
/// chain), the data files of the exported entries, `SHA256SUMS` for `sha256sum -c`, `HEAD`, a
/// `verify.py` that uses Python's standard library only, and a README.
///
/// Only an intact ledger is exported: a package made from a ledger with problems would carry
/// them as evidence.
package enum EvidencePackage {
    package struct Written: Sendable, Equatable {
        package var directory: String
        package var first: Int
        package var last: Int
        package var manifests: Int
        package var dataFiles: Int
        package var bytes: Int
        package var head: Digest
    }

    /// Exports entries `first...last` (with the manifests of entries 1...last) of `ledger` to
    /// `target`, which must not exist or be empty.
    package static func export(ledger directory: String, first: Int, last: Int, to target: String) throws -> Written {
        let verification = try LedgerVerifier(directory: directory).verify(recordedHead: nil)
        guard verification.isIntact else {
            throw LedgerError(.ledgerDamaged, path: directory,
                              "the ledger is not intact (\(verification.problems.count) problem(s), such as: \(verification.problems.first.map(\.description) ?? ""))",
                              hint: "Run 'huitong ledger verify' and resolve its problems first; an evidence package is made only from an intact ledger.")
        }
        let entries = try LedgerReader(directory: directory).entries()
        guard first >= 1, first <= last, let lastEntry = entries.first(where: { $0.sequence == last }), let head = lastEntry.manifestSHA256 else {
            throw LedgerError(.entryNotFound, path: directory, "no entries \(first) to \(last) in the ledger (it has \(entries.count))",
                              hint: "Name entries 'huitong ledger list' shows.")
        }
        let manager = FileManager.default
        if manager.fileExists(atPath: target), !((try? manager.contentsOfDirectory(atPath: target)) ?? []).isEmpty {
            throw LedgerError(.writeFailed, path: target, "\(target) exists and is not empty", hint: "Export into a new directory.")
        }
        try manager.createDirectory(atPath: target + "/entries", withIntermediateDirectories: true)
        var written = Written(directory: target, first: first, last: last, manifests: 0, dataFiles: 0, bytes: 0, head: head)
        var sums: [String] = []
        // A dataset stored in an earlier entry (the same bytes) is exported with that entry.
        var holders: Set<String> = []
        for entry in entries where entry.sequence >= first && entry.sequence <= last {
            if case let .success(manifest) = entry.manifest, let holder = manifest.files.datasetStoredIn { holders.insert(holder) }
        }
        for entry in entries where entry.sequence <= last {
            let destination = "\(target)/entries/\(entry.directoryName)"
            try manager.createDirectory(atPath: destination, withIntermediateDirectories: true)
            var files = [LedgerFormat.manifestFile]
            if case let .success(manifest) = entry.manifest {
                let inRange = entry.sequence >= first
                if (inRange && manifest.files.datasetStoredIn == nil) || holders.contains(entry.directoryName) { files.append(LedgerFormat.datasetFile) }
                if inRange { files.append(manifest.kind.companionFile) }
            }
            for file in files {
                let (digest, count) = try copyHashing(entry.path(of: file), to: "\(destination)/\(file)")
                written.bytes += count
                sums.append("\(digest.hex)  entries/\(entry.directoryName)/\(file)")
                if file == LedgerFormat.manifestFile { written.manifests += 1 } else { written.dataFiles += 1 }
            }
        }
        try (sums.joined(separator: "\n") + "\n").write(toFile: target + "/SHA256SUMS", atomically: true, encoding: .utf8)
        try "\(last) \(written.head.hex)\n".write(toFile: target + "/HEAD", atomically: true, encoding: .utf8)
        // Which entries carry their data files: verify.py holds each of them to both.
        try "\(first) \(last)\n".write(toFile: target + "/RANGE", atomically: true, encoding: .utf8)
        try verifyScript.write(toFile: target + "/verify.py", atomically: true, encoding: .utf8)
        _ = chmod(target + "/verify.py", 0o755)
        try readme(first: first, last: last, head: written.head, exported: entries.filter { $0.sequence >= first && $0.sequence <= last })
            .write(toFile: target + "/README.md", atomically: true, encoding: .utf8)
        return written
    }

    /// Copies `source` to `destination` in 1 MiB blocks, hashing as it goes: memory bounded
    /// whatever the dataset's size. The copy's SHA-256 and length.
    static func copyHashing(_ source: String, to destination: String) throws -> (Digest, Int) {
        guard let input = FileHandle(forReadingAtPath: source) else {
            throw LedgerError(.entryUnreadable, path: source, "cannot be read", hint: "Run 'huitong ledger verify'.")
        }
        defer { try? input.close() }
        guard FileManager.default.createFile(atPath: destination, contents: nil), let output = FileHandle(forWritingAtPath: destination) else {
            throw LedgerError(.writeFailed, path: destination, "cannot be written", hint: "Check the export directory's space and permissions.")
        }
        defer { try? output.close() }
        var hasher = SHA256()
        var count = 0
        while let block = try input.read(upToCount: 1 << 20), !block.isEmpty {
            block.withUnsafeBytes { hasher.update($0) }
            count += block.count
            try output.write(contentsOf: block)
        }
        try output.synchronize()
        return (hasher.finalize(), count)
    }

    static func readme(first: Int, last: Int, head: Digest, exported: [LedgerEntry]) -> String {
        var lines = [
            "# Huitong exchange ledger: evidence package, entries \(first) to \(last)",
            "",
            "What the platforms held after each exchange, as Huitong's ledger recorded it, with what is",
            "needed to check that nothing was altered. Nothing here needs Huitong.",
            "",
            "| file | what it is |",
            "| --- | --- |",
            "| `entries/NNNNNN-…/manifest.json` | each entry's manifest, canonical JSON (RFC 8785), from entry 1 to \(last): the chain |",
            "| `entries/…/dataset.jsonl` | entries \(first) to \(last): for a sync exchange the dataset the platform held afterwards, for an append exchange what it sent, for a reconciliation what the platform was found holding; one `{\"key\", \"record\"}` per line, in key order. An entry whose dataset is the same bytes as an earlier entry's has none: its manifest names that entry under `files.\"dataset.jsonl\".storedIn`, and that entry's file is here |",
            "| `entries/…/rejects.jsonl` | the exchanges among entries \(first) to \(last): the records set aside or rejected, with the reasons |",
            "| `entries/…/differences.jsonl` | the reconciliations among entries \(first) to \(last): each record the platform held otherwise than the exchange it reconciles (manifest `reconciles`) left it |",
            "| `SHA256SUMS` | the SHA-256 of every file here, for `sha256sum -c` |",
            "| `HEAD` | the last entry's sequence and its manifest's SHA-256: compare it with the head you recorded |",
            "| `RANGE` | the first and last entry whose data files are here (each must have every file its manifest lists, a dataset stored in an earlier entry being there) |",
            "| `verify.py` | the whole check, Python 3 standard library only |",
            "",
            "## Checking it",
            "",
            "1. `sha256sum -c SHA256SUMS` — every file is as it was exported.",
            "2. `python3 verify.py` — the chain and the data: for each entry in order, the SHA-256 of the",
            "   previous `manifest.json` equals this manifest's `previousManifestSHA256`; each data file's",
            "   SHA-256, size and line count equal what the manifest records under `files`; the manifest's",
            "   `selfSHA256` equals the SHA-256 of the manifest without that member, written as canonical",
            "   JSON. Exit 0 when all holds.",
            "3. Compare `HEAD` with the head recorded at the time (`huitong ledger verify` prints it):",
            "   the chain alone cannot show entries removed from its end.",
            "",
            "By hand, for one entry: `sha256sum entries/<entry>/dataset.jsonl` (or the `dataset.jsonl` of",
            "the entry its `storedIn` names) equals `files.\"dataset.jsonl\".sha256` in its `manifest.json`",
            "(`python3 -m json.tool` shows it), and `sha256sum entries/<previous entry>/manifest.json`",
            "equals its `previousManifestSHA256`.",
            "",
            "## The entries",
            "",
            "| entry | kind | job | platform / dataset | finished (Beijing) | records | test |",
            "| --- | --- | --- | --- | --- | --- | --- |",
        ]
        for entry in exported {
            guard case let .success(manifest) = entry.manifest else { continue }
            let subject = manifest.subject
            let stored = manifest.files.datasetStoredIn.map { " (stored in entry \($0.prefix { $0 != "-" }))" } ?? ""
            lines.append("| \(entry.sequence) | \(manifest.kind.rawValue) | \(subject.job) | \(subject.platform) / \(subject.dataset) | \(subject.timings.finished.formatted(.dateTime)) | \(manifest.files.dataset.recordCount)\(stored) | \(subject.test ? "yes" : "") |")
        }
        lines += ["", "Head: entry \(last), manifest SHA-256 `\(head.hex)`.", ""]
        return lines.joined(separator: "\n")
    }

    static let verifyScript = #"""
        #!/usr/bin/env python3
        """Checks a Huitong ledger evidence package: the chain of manifests and every data file.

        Python 3 standard library only. Run it in the package's directory: python3 verify.py
        Exit status 0 when everything holds, 1 when a problem was found (each is printed).
        """
        import hashlib, json, os, sys

        def sha256(path):
            digest = hashlib.sha256()
            with open(path, "rb") as handle:
                for block in iter(lambda: handle.read(1 << 20), b""):
                    digest.update(block)
            return digest.hexdigest()

        def canonical(value):
            # RFC 8785 for what manifests hold (strings, integers, booleans, null, objects, arrays):
            # members sorted by their UTF-16 code units, no white space, UTF-8 as it is.
            if isinstance(value, dict):
                items = sorted(value.items(), key=lambda item: item[0].encode("utf-16-be"))
                return "{" + ",".join(json.dumps(k, ensure_ascii=False) + ":" + canonical(v) for k, v in items) + "}"
            if isinstance(value, list):
                return "[" + ",".join(canonical(v) for v in value) + "]"
            if isinstance(value, float):
                raise ValueError("a manifest holds no fractions")
            return json.dumps(value, ensure_ascii=False)

        root = os.path.dirname(os.path.abspath(__file__))
        entries = sorted(name for name in os.listdir(os.path.join(root, "entries")) if not name.startswith("."))
        with open(os.path.join(root, "RANGE"), encoding="utf-8") as handle:
            first, last = (int(part) for part in handle.read().split())
        problems, previous, checked = [], None, 0
        for expected, name in enumerate(entries, start=1):
            directory = os.path.join(root, "entries", name)
            path = os.path.join(directory, "manifest.json")
            try:
                with open(path, "rb") as handle:
                    raw = handle.read()
                manifest = json.loads(raw)
            except (OSError, ValueError) as error:
                problems.append(f"{name}: manifest.json cannot be read: {error}")
                previous = None
                continue
            if manifest.get("sequence") != expected:
                problems.append(f"{name}: sequence {manifest.get('sequence')}, expected {expected}")
            if manifest.get("previousManifestSHA256") != previous:
                problems.append(f"{name}: previousManifestSHA256 is {manifest.get('previousManifestSHA256')}, the previous manifest hashes to {previous}")
            own = dict(manifest)
            recorded = own.pop("selfSHA256", None)
            try:
                if hashlib.sha256(canonical(own).encode("utf-8")).hexdigest() != recorded:
                    problems.append(f"{name}: the manifest does not match its selfSHA256 (a member was changed)")
                if canonical(manifest).encode("utf-8") != raw:
                    problems.append(f"{name}: manifest.json is not canonical JSON (it was rewritten)")
            except ValueError as error:
                problems.append(f"{name}: {error}")
            for file, summary in manifest.get("files", {}).items():
                data = os.path.join(directory, file)
                holder = summary.get("storedIn") if isinstance(summary, dict) else None
                if holder is not None and (file != "dataset.jsonl" or manifest.get("format") == "huitong-ledger/1"):
                    problems.append(f"{name}/{file}: storedIn is only for dataset.jsonl in a huitong-ledger/2 manifest")
                    continue
                if holder is not None and not first <= expected <= last:
                    continue  # an entry before the exported range: its manifest only, for the chain
                if holder is not None:
                    # The same bytes as an earlier entry's dataset: checked there, by this manifest's hash.
                    if os.path.exists(data):
                        problems.append(f"{name}/{file}: present, but the manifest says it is stored in {holder}")
                    if holder not in entries or entries.index(holder) >= entries.index(name):
                        problems.append(f"{name}/{file}: stored in {holder}, which is not an earlier entry of the package")
                        continue
                    data = os.path.join(root, "entries", holder, file)
                if not os.path.exists(data):
                    if first <= expected <= last:
                        problems.append(f"{name}/{file}: missing (entries {first} to {last} carry their data files)")
                    continue  # an entry before the exported range: its manifest only, for the chain
                if sha256(data) != summary["sha256"]:
                    problems.append(f"{name}/{file}: SHA-256 {sha256(data)}, the manifest says {summary['sha256']}")
                if os.path.getsize(data) != summary["bytes"]:
                    problems.append(f"{name}/{file}: {os.path.getsize(data)} bytes, the manifest says {summary['bytes']}")
                with open(data, "rb") as handle:
                    lines = sum(1 for _ in handle)
                if lines != summary["records"]:
                    problems.append(f"{name}/{file}: {lines} lines, the manifest says {summary['records']} records")
                if holder is None:
                    checked += 1  # a file referred to is counted once, where it is
            previous = hashlib.sha256(raw).hexdigest()
        with open(os.path.join(root, "HEAD"), encoding="utf-8") as handle:
            head = handle.read().split()
        if head != [str(len(entries)), previous]:
            problems.append(f"HEAD says {' '.join(head)}, the last manifest is entry {len(entries)} hashing to {previous}")
        for problem in problems:
            print(problem)
        print(f"{len(entries)} manifests, {checked} data files: " + ("intact" if not problems else f"{len(problems)} problem(s)"))
        print(f"head: entry {len(entries)}, manifest SHA-256 {previous}")
        sys.exit(1 if problems else 0)
        """#
}
