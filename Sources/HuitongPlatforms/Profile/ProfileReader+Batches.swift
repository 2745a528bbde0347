import HuitongCore
import HuitongYAML

/// The batch side of a profile: push, limits, deletes, outcome, retry, read-back, datasets.
extension ProfileReader {
    mutating func readLimits(_ node: YAMLNode?, base: BatchLimits?) -> BatchLimits? {
        guard let node else { return base }
        let fields = node.entries(allowing: ["items", "bytes"], what: "limits", into: &errors)
        var limits = base ?? BatchLimits(items: 100, bytes: nil)
        if let items = fields["items"] { limits.items = int(items, min: 1, default: limits.items) }
        if let bytes = fields["bytes"] { limits.bytes = int(bytes, min: 256, default: limits.bytes ?? 1 << 20) }
        return limits
    }

    mutating func readDeletes(_ node: YAMLNode?, base: DeleteStyle?) -> DeleteStyle? {
        guard let node else { return base }
        let fields = node.entries(allowing: ["style", "item", "method", "path", "gone"], what: "deletes", into: &errors)
        let keyVariables = VariableNames(["key", "key_fields"])
        let item = fields["item"].map { PlatformTemplate.load(from: $0, allowed: keyVariables, into: &errors) } ?? .variable("key")
        switch string(fields["style"], required: node, key: "style") {
        case "none": return DeleteStyle.none
        case "envelope": return .envelope(item: item)
        case "flag":
            guard fields["item"] != nil else {
                errors.add(node.error(.missingKey, "flag deletes need item:, e.g. {id: \"{key}\", deleted: true}"))
                return nil
            }
            return .flag(item: item)
        case "request":
            let path = requestPath(fields["path"], allowed: VariableNames(["dataset", "key"]), parent: node, key: "path") ?? "/"
            return .request(method: method(fields["method"], default: "DELETE"), path: path, gone: match(fields["gone"]))
        case let other?:
            errors.add(fields["style"]!.error(.invalidValue, "unknown delete style \"\(other)\"; use envelope, flag, request or none"))
            return nil
        case nil:
            return nil
        }
    }

    mutating func readPush(_ node: YAMLNode, base: PushShape?) -> PushShape? {
        let fields = node.entries(allowing: base == nil ? [
            "method", "path", "body", "upsert_item", "idempotency", "limits", "deletes", "key_separator", "outcome",
        ] : ["path", "limits", "deletes"], what: base == nil ? "push" : "a dataset's push", into: &errors)
        let pathVariables = VariableNames(["dataset"])
        if let base {
            let path = fields["path"].flatMap { requestPath($0, allowed: pathVariables, parent: node, key: "path") } ?? base.path
            let limits = readLimits(fields["limits"], base: base.limits) ?? base.limits
            let deletes = readDeletes(fields["deletes"], base: base.deletes) ?? base.deletes
            let shape = PushShape(
                method: base.method, path: path, body: base.body, upsertItem: base.upsertItem,
                idempotency: base.idempotency, limits: limits, deletes: deletes, keySeparator: base.keySeparator,
                outcome: base.outcome
            )
            checkDeletesFit(shape, at: node)
            return shape
        }
        guard let path = requestPath(fields["path"], allowed: pathVariables, parent: node, key: "path") else { return nil }
        guard let bodyNode = fields["body"] else {
            errors.add(node.error(.missingKey, "push needs body: ({envelope: …} or {array: upserts})"))
            return nil
        }
        let bodyFields = bodyNode.entries(allowing: ["envelope", "array", "omit_when_empty"], what: "body", into: &errors)
        let envelopeVariables = configured.adding(["idempotency_key", "test", "upserts", "deletes", "items", "dataset", "count"])
            .withPrefix("now:", Set(timeFormatNames.keys))
        let body: BatchBody
        if let envelope = bodyFields["envelope"] {
            let template = PlatformTemplate.load(from: envelope, allowed: envelopeVariables, into: &errors)
            let omit = Set((bodyFields["omit_when_empty"]?.sequence ?? []).compactMap { string($0) })
            body = .envelope(template, omitWhenEmpty: omit)
        } else if let array = bodyFields["array"] {
            if string(array) != "upserts" && string(array) != "items" {
                errors.add(array.error(.invalidValue, "array: upserts (the items, flag deletes included) is the only bare-array body"))
            }
            body = .array
        } else {
            errors.add(bodyNode.error(.missingKey, "body needs envelope: (a template) or array: upserts"))
            return nil
        }
        let upsertItem = fields["upsert_item"].map {
            PlatformTemplate.load(from: $0, allowed: VariableNames(["record", "key", "key_fields"]), into: &errors)
        } ?? .variable("record")

        var idempotency = IdempotencyCarrier.none
        if let idempotencyNode = fields["idempotency"] {
            let idFields = idempotencyNode.entries(allowing: ["in", "header", "length"], what: "idempotency", into: &errors)
            let length = int(idFields["length"], min: 8, default: 40)
            if length > 64 { errors.add(idempotencyNode.error(.valueOutOfRange, "a derived key is at most 64 characters")) }
            let header = string(idFields["header"])
            var inEnvelope = false
            if let inNode = idFields["in"] {
                inEnvelope = choice(inNode, among: ["envelope"], what: "idempotency carrier") != nil
            }
            switch (header, inEnvelope) {
            case let (header?, true): idempotency = .headerAndEnvelope(header, length: length)
            case let (header?, false): idempotency = .header(header, length: length)
            case (nil, true): idempotency = .envelope(length: length)
            case (nil, false):
                if idFields["in"] == nil {
                    errors.add(idempotencyNode.error(.missingKey, "idempotency needs header: NAME, in: envelope, or both"))
                }
            }
            if inEnvelope, case .array = body {
                errors.add(idFields["in"]!.error(.invalidValue, "in: envelope, but the body is a bare array; write an envelope with {idempotency_key}, or carry the key in a header"))
            }
        }
        if case let .envelope(template, _) = body {
            let used = Set(template.variables)
            if idempotency.inEnvelope, !used.contains("idempotency_key") {
                errors.add(bodyNode.error(.missingKey, "idempotency is in the envelope, but the envelope has no {idempotency_key}"))
            }
            if !used.contains("upserts") && !used.contains("items") {
                errors.add(bodyNode.error(.missingKey, "the envelope carries no {upserts} or {items}"))
            }
            // A platform that compares resent bodies byte for byte must get the same bytes again.
            if idempotency.header != nil, used.contains(where: { $0.hasPrefix("now:") }) {
                errors.add(bodyNode.error(.invalidValue, "with an idempotency header the body must be byte-identical on resend; {now:…} would change it"))
            }
        }
        let limits = readLimits(fields["limits"], base: nil) ?? BatchLimits(items: 100, bytes: nil)
        let deletes = readDeletes(fields["deletes"], base: nil) ?? DeleteStyle.none
        let separator = string(fields["key_separator"]) ?? "|"
        let outcome = readOutcome(fields["outcome"], idempotency: idempotency)
        let shape = PushShape(
            method: method(fields["method"], default: "POST"), path: path, body: body, upsertItem: upsertItem,
            idempotency: idempotency, limits: limits, deletes: deletes, keySeparator: separator, outcome: outcome
        )
        checkDeletesFit(shape, at: node)
        return shape
    }

    mutating func checkDeletesFit(_ shape: PushShape, at node: YAMLNode) {
        if case .envelope = shape.deletes {
            guard case let .envelope(template, _) = shape.body, template.variables.contains("deletes") else {
                errors.add(node.error(.invalidValue, "deletes travel in the envelope, but the body has no {deletes}"))
                return
            }
        }
    }

    mutating func readOutcome(_ node: YAMLNode?, idempotency: IdempotencyCarrier) -> OutcomeShape {
        guard let node else { return OutcomeShape(duplicatePath: nil, rejected: nil, accounting: nil) }
        let fields = node.entries(allowing: ["duplicate", "rejected", "accounting"], what: "outcome", into: &errors)
        var rejected: RejectedShape?
        if let rejectedNode = fields["rejected"] {
            let r = rejectedNode.entries(allowing: ["list", "by", "field", "reasons"], what: "rejected", into: &errors)
            let by = string(r["by"]).flatMap(RejectedShape.Pointer.init(rawValue:))
            if by == nil { errors.add((r["by"] ?? rejectedNode).error(.invalidValue, "by: index or by: key says how a rejection points at its record")) }
            var reasonList: ValuePath?, reasonField: ValuePath?, reasonText: ValuePath?, message: ValuePath?
            if let reasons = r["reasons"] {
                let rf = reasons.entries(allowing: ["list", "field", "reason", "message"], what: "reasons", into: &errors)
                reasonList = valuePath(rf["list"])
                reasonField = valuePath(rf["field"])
                reasonText = valuePath(rf["reason"])
                message = valuePath(rf["message"])
            }
            if let list = valuePath(r["list"]), let field = valuePath(r["field"]), let by {
                rejected = RejectedShape(
                    list: list, by: by, field: field, reasonList: reasonList, reasonField: reasonField,
                    reasonText: reasonText, message: message
                )
            } else {
                errors.add(rejectedNode.error(.missingKey, "rejected needs list:, by: and field:"))
            }
        }
        let accounting = fields["accounting"].flatMap { readAccounting($0, idempotency: idempotency) }
        return OutcomeShape(duplicatePath: valuePath(fields["duplicate"]), rejected: rejected, accounting: accounting)
    }

    /// `accounting: {received: …, accepted: …, deleted: …, batch_id: …}`; a count is a path
    /// (`data.accepted`) or `{count: PATH, of: upserts|deletes|items}`.
    mutating func readAccounting(_ node: YAMLNode, idempotency: IdempotencyCarrier) -> AccountingShape? {
        let fields = node.entries(allowing: ["received", "accepted", "deleted", "batch_id"], what: "accounting", into: &errors)
        guard !fields.isEmpty else {
            if node.mappingEntries?.isEmpty == true {
                errors.add(node.error(.missingKey, "accounting names at least one of received, accepted, deleted, batch_id; leave it out when the answer counts nothing"))
            }
            return nil
        }
        let received = fields["received"].flatMap { readCount($0, defaultItems: .items) }
        let accepted = fields["accepted"].flatMap { readCount($0, defaultItems: .upserts) }
        let batchID = valuePath(fields["batch_id"])
        if let node = fields["batch_id"], idempotency == .none {
            errors.add(node.error(.invalidValue, "batch_id: the push sends no idempotency key for the answer to echo; declare push.idempotency"))
        }
        return AccountingShape(received: received, accepted: accepted, deleted: valuePath(fields["deleted"]), batchID: batchID)
    }

    mutating func readCount(_ node: YAMLNode, defaultItems: AccountingShape.Items) -> AccountingShape.Count? {
        guard node.mappingEntries != nil else {
            return valuePath(node).map { AccountingShape.Count(path: $0, items: defaultItems) }
        }
        let fields = node.entries(allowing: ["count", "of"], what: "a count", into: &errors)
        var items = defaultItems
        if let ofNode = fields["of"], let text = string(ofNode) {
            if let parsed = AccountingShape.Items(rawValue: text) { items = parsed } else {
                errors.add(ofNode.error(.invalidValue, "of: upserts, deletes or items (every item the request carried), not \"\(text)\""))
            }
        }
        guard fields["count"] != nil else {
            errors.add(node.error(.missingKey, "a count needs count: (where the number is, e.g. data.accepted)"))
            return nil
        }
        return valuePath(fields["count"]).map { AccountingShape.Count(path: $0, items: items) }
    }

    mutating func readRetry(_ node: YAMLNode) -> RetryPolicy {
        let fields = node.entries(allowing: [
            "attempts", "max_seconds", "backoff", "transient", "rate_limited", "re_sign", "split",
        ], what: "retry", into: &errors)
        var policy = RetryPolicy.standard
        policy.attempts = int(fields["attempts"], min: 1, default: policy.attempts)
        policy.maxSeconds = double(fields["max_seconds"], default: policy.maxSeconds)
        if let backoff = fields["backoff"] {
            let b = backoff.entries(allowing: ["initial_seconds", "multiplier", "max_seconds", "jitter"], what: "backoff", into: &errors)
            policy.initialDelay = double(b["initial_seconds"], default: policy.initialDelay)
            policy.multiplier = max(1, double(b["multiplier"], default: policy.multiplier))
            policy.maxDelay = double(b["max_seconds"], default: policy.maxDelay)
            policy.jitter = min(1, double(b["jitter"], default: policy.jitter))
        }
        if let transient = match(fields["transient"]) { policy.transient = transient }
        if let rateNode = fields["rate_limited"] {
            let r = rateNode.entries(allowing: ["status", "codes", "retry_after_header"], what: "rate_limited", into: &errors)
            var statuses: Set<Int> = []
            for item in r["status"]?.sequence ?? [] {
                if let status = errors.attempt({ () throws(YAMLError) in try item.requireInt() }) { statuses.insert(status) }
            }
            let codes = Set((r["codes"]?.sequence ?? []).compactMap { string($0) })
            policy.rateLimited = AnswerMatch(statuses: statuses.isEmpty ? [429] : statuses, codes: codes)
            policy.retryAfterHeader = string(r["retry_after_header"]) ?? "Retry-After"
        }
        policy.reSign = match(fields["re_sign"])
        policy.split = match(fields["split"])
        return policy
    }

    mutating func readReadBack(_ node: YAMLNode, base: ReadBackShape?) -> ReadBackShape? {
        let fields = node.entries(allowing: base == nil ? [
            "method", "path", "query", "paging", "first_page", "next_cursor", "page_size", "records", "total", "max_pages",
        ] : ["path"], what: base == nil ? "read_back" : "a dataset's read_back", into: &errors)
        let pathVariables = VariableNames(["dataset"])
        if let base {
            return base.at(path: fields["path"].flatMap { requestPath($0, allowed: pathVariables, parent: node, key: "path") } ?? base.path)
        }
        guard let path = requestPath(fields["path"], allowed: pathVariables, parent: node, key: "path") else { return nil }
        guard let records = valuePath(fields["records"]) else {
            errors.add(node.error(.missingKey, "read_back needs records: (where a page's records are)"))
            return nil
        }
        guard let paging = readPaging(fields, at: node) else { return nil }
        let query = readQuery(fields["query"], allowed: VariableNames([paging.variable, "page_size", "test"]))
        if !query.contains(where: { $0.value.variables.contains(paging.variable) }) {
            errors.add((fields["query"] ?? node).error(.missingKey, "read_back's query has no {\(paging.variable)}; \(paging.name) paging needs it"))
        }
        return ReadBackShape(
            method: method(fields["method"], default: "GET"), path: path, query: query, paging: paging,
            pageSize: int(fields["page_size"], min: 1, default: 100), records: records, total: valuePath(fields["total"]),
            maxPages: int(fields["max_pages"], min: 1, default: ReadBackShape.defaultMaxPages)
        )
    }

    /// `paging: page` (with `first_page`), `offset`, or `cursor` (with `next_cursor`); each
    /// refuses the other styles' keys, so a profile says one way to page and means it.
    mutating func readPaging(_ fields: [String: YAMLNode], at node: YAMLNode) -> ReadBackShape.Paging? {
        let style = fields["paging"] == nil ? "page" : choice(fields["paging"], among: ReadBackShape.Paging.names, what: "paging")
        guard let style else { return nil }
        for (key, owner) in [("first_page", "page"), ("next_cursor", "cursor")] where style != owner {
            if let stray = fields[key] {
                errors.add(stray.error(.invalidValue, "\(key) is for paging: \(owner); this read_back pages by \(style)"))
            }
        }
        switch style {
        case "page":
            return .page(first: int(fields["first_page"], min: 0, default: 1))
        case "offset":
            return .offset
        case "cursor":
            guard fields["next_cursor"] != nil else {
                errors.add(node.error(.missingKey, "cursor paging needs next_cursor: (where an answer names the next page's cursor, e.g. data.next)"))
                return nil
            }
            return valuePath(fields["next_cursor"]).map { .cursor(next: $0) }
        default:
            preconditionFailure("choice(_:among:) admits only the paging names")
        }
    }

    mutating func readDatasets(_ node: YAMLNode?, root: YAMLNode, push: PushShape, readBack: ReadBackShape?) -> [DatasetProfile] {
        guard let node, let entries = node.mappingEntries, !entries.isEmpty else {
            errors.add((node ?? root).error(.missingKey, "a profile lists its datasets: name → {key: [fields]}"))
            return []
        }
        return entries.compactMap { entry in
            guard let name = entry.key.scalar?.text, !name.isEmpty else { return nil }
            let fields = entry.value.entries(allowing: ["key", "label", "push", "read_back"], what: "a dataset", into: &errors)
            let key = (fields["key"]?.sequence ?? []).compactMap { string($0) }
            if key.isEmpty { errors.add(entry.value.error(.missingKey, "dataset \(name) needs key: [field, …]")) }
            let datasetPush = fields["push"].flatMap { readPush($0, base: push) } ?? push
            let datasetReadBack = fields["read_back"].flatMap { node in readBack.flatMap { base in readReadBack(node, base: base) } } ?? readBack
            if fields["read_back"] != nil && readBack == nil {
                errors.add(fields["read_back"]!.error(.invalidValue, "a dataset's read_back overrides the profile's, which has none"))
            }
            return DatasetProfile(name: name, label: string(fields["label"]), key: key, push: datasetPush, readBack: datasetReadBack)
        }
    }
}
