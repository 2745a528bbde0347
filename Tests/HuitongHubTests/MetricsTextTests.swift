import HuitongCore
@testable import HuitongHub
import HuitongTestSupport
import Testing

@Suite struct MetricsTextTests {
    @Test func countersGaugesAndHistogramsRenderAsTheTextFormatWithEscapedLabels() throws {
        var counter = MetricFamily("huitong_records_accepted_total", kind: .counter, help: "Records accepted.\nBy the \\ platform.")
        counter.add(40, [.init("job", "teams"), .init("target", "a\"b\\c\nd")])
        var gauge = MetricFamily("huitong_last_success_timestamp_seconds", kind: .gauge, help: "When.")
        gauge.add(1_764_381_600.25, [.init("job", "teams")])
        gauge.add(.nan, [.init("job", "other")])
        var latency = MetricFamily("huitong_batch_duration_seconds", kind: .histogram, help: "Batch wall time.")
        var histogram = HistogramCounts(bounds: [0.5, 1])
        for value in [0.25, 0.75, 0.75, 4.0] { histogram.observe(value) }
        latency.add(histogram, [.init("job", "teams")])
        let text = PrometheusText.render([counter, gauge, latency])
        #expect(text == """
            # HELP huitong_records_accepted_total Records accepted.\\nBy the \\\\ platform.
            # TYPE huitong_records_accepted_total counter
            huitong_records_accepted_total{job="teams",target="a\\"b\\\\c\\nd"} 40
            # HELP huitong_last_success_timestamp_seconds When.
            # TYPE huitong_last_success_timestamp_seconds gauge
            huitong_last_success_timestamp_seconds{job="teams"} 1764381600.25
            huitong_last_success_timestamp_seconds{job="other"} NaN
            # HELP huitong_batch_duration_seconds Batch wall time.
            # TYPE huitong_batch_duration_seconds histogram
            huitong_batch_duration_seconds_bucket{job="teams",le="0.5"} 1
            huitong_batch_duration_seconds_bucket{job="teams",le="1"} 3
            huitong_batch_duration_seconds_bucket{job="teams",le="+Inf"} 4
            huitong_batch_duration_seconds_sum{job="teams"} 5.75
            huitong_batch_duration_seconds_count{job="teams"} 4

            """)
        let parsed = try PrometheusTextParser.parse(text)
        #expect(parsed.families.map(\.type) == ["counter", "gauge", "histogram"])
        #expect(parsed.family("huitong_records_accepted_total")?.help == "Records accepted.\nBy the \\ platform.")
        #expect(parsed.value("huitong_records_accepted_total", ["job": "teams", "target": "a\"b\\c\nd"]) == 40)
        #expect(parsed.value("huitong_batch_duration_seconds_bucket", ["job": "teams", "le": "+Inf"]) == 4)
    }

    @Test func histogramCountsAddUpOnlyWithTheSameBounds() {
        var one = HistogramCounts.batchSeconds
        one.observe(0.01)
        one.observe(500)
        var two = HistogramCounts.batchSeconds
        two.observe(3)
        let added = one.add(two)
        #expect(added)
        #expect(one.count == 3 && one.cumulativeCounts.last == 3 && one.counts.last == 1, "500 s is above every bound")
        let mismatched = one.add(HistogramCounts(bounds: [1]))
        #expect(!mismatched)
        #expect(one.count == 3)
    }

    @Test func theSnapshotOfAnEmptyHistoryIsValidTextWithEveryFamily() throws {
        let text = MetricsSnapshot.from(histories: [JobHistory(job: "teams", test: false)]).text
        let parsed = try PrometheusTextParser.parse(text)
        #expect(parsed.family("huitong_records_accepted_total")?.samples.isEmpty == true)
        #expect(parsed.value("huitong_runs_total", ["job": "teams", "outcome": "failed"]) == 0)
        #expect(parsed.value("huitong_job_running", ["job": "teams"]) == 0)
    }
}
