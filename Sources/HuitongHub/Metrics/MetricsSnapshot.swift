import HuitongCore

/// The hub's metrics, built from the jobs' run histories alone, so any process can render
/// them: `huitong status --metrics` prints them, and a service serves the same text
/// (``PrometheusText/contentType``). Counters count from the start of each history (its
/// carried totals included), so they only go down when a history file is removed.
package struct MetricsSnapshot: Sendable {
    package var families: [MetricFamily]

    /// The Prometheus text of every job of `configuration` (its joint-test runs with `test`).
    package static func prometheusText(configuration: HubConfiguration, test: Bool = false) throws(HubError) -> String {
        from(histories: try JobHistory.read(configuration.jobs, stateDirectory: configuration.stateDirectory, test: test)).text
    }

    /// The exposition: Prometheus text format 0.0.4.
    package var text: String { PrometheusText.render(families) }

    /// The metrics of `histories`, one job each.
    package static func from(histories: [JobHistory]) -> MetricsSnapshot {
        typealias Label = MetricFamily.Label
        var runs = MetricFamily("huitong_runs_total", kind: .counter, help: "Runs that ended, by outcome (a run killed without a trace counts as interrupted).")
        var running = MetricFamily("huitong_job_running", kind: .gauge, help: "1 while a run of the job holds its lock.")
        var read = MetricFamily("huitong_records_read_total", kind: .counter, help: "Records read from the source by runs that wrote their exchange.")
        var normalised = MetricFamily("huitong_records_normalised_total", kind: .counter, help: "Records the source mapping made into schema records, in runs that wrote their exchange.")
        var setAside = MetricFamily("huitong_records_set_aside_total", kind: .counter, help: "Records set aside before sending: at the source stage (stage=\"source\") or for one target (stage=\"target\").")
        let perTarget: [(name: String, help: String, value: (TargetRunCounts) -> Double)] = [
            ("huitong_records_sent_total", "Records sent to the platform as upserts or deletes (the ledger's upserted + deleted).", { Double($0.sent) }),
            ("huitong_records_accepted_total", "Records the platform accepted.", { Double($0.accepted) }),
            ("huitong_records_rejected_total", "Records the platform refused.", { Double($0.rejected) }),
            ("huitong_records_not_sent_total", "Records that never reached a verdict (a failed batch, a record the platform cannot take).", { Double($0.notSent) }),
            ("huitong_records_unconfirmed_total", "Records the platform's answer did not account for, when the exchange was written.", { Double($0.unconfirmed) }),
            ("huitong_retries_total", "Requests repeated after a retryable failure.", { Double($0.retries) }),
            ("huitong_wait_seconds_total", "Seconds spent waiting before attempts: Retry-After, backoff, the token rate limit.", { $0.waitedSeconds }),
        ]
        var targetFamilies = perTarget.map { MetricFamily($0.name, kind: .counter, help: $0.help) }
        var latency = MetricFamily("huitong_batch_duration_seconds", kind: .histogram, help: "Wall time of each batch, from sending it to its answer, retries and waits included.")
        var lastSuccess = MetricFamily("huitong_last_success_timestamp_seconds", kind: .gauge, help: "When the job's last successful run finished, in Unix seconds.")
        var platformSuccess = MetricFamily("huitong_platform_last_success_timestamp_seconds", kind: .gauge, help: "When a run last delivered everything it planned to the platform, in Unix seconds.")
        var platforms: [String: Timestamp] = [:]
        var platformOrder: [String] = []

        for history in histories {
            let job = Label("job", history.job)
            let totals = history.totals
            for outcome in RunOutcome.recorded {
                runs.add(Double(totals.runs[outcome] ?? 0), [job, Label("outcome", outcome.rawValue)])
            }
            running.add(history.outcomes.last?.outcome == .running ? 1 : 0, [job])
            read.add(Double(totals.read), [job])
            normalised.add(Double(totals.normalised), [job])
            setAside.add(Double(totals.setAside), [job, Label("stage", "source")])
            if let time = totals.lastSuccess { lastSuccess.add(seconds(time), [job]) }
            for target in totals.targets {
                let labels = [job, Label("target", target.counts.target), Label("platform", target.counts.platform)]
                setAside.add(Double(target.counts.setAside), [job, Label("stage", "target")] + labels.dropFirst())
                for index in perTarget.indices { targetFamilies[index].add(perTarget[index].value(target.counts), labels) }
                latency.add(target.counts.batchSeconds, labels)
                guard let time = target.lastSuccess else { continue }
                if platforms[target.counts.platform] == nil { platformOrder.append(target.counts.platform) }
                platforms[target.counts.platform] = max(time, platforms[target.counts.platform] ?? time)
            }
        }
        for platform in platformOrder { platformSuccess.add(seconds(platforms[platform]!), [Label("platform", platform)]) }
        return MetricsSnapshot(families: [runs, running, read, normalised, setAside] + targetFamilies + [latency, lastSuccess, platformSuccess])
    }

    private static func seconds(_ time: Timestamp) -> Double {
        Double(time.millisecondsSinceEpoch) / 1000
    }
}
