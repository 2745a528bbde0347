import HuitongTestSupport
import Testing

@Suite struct PrometheusTextParserTests {
    /// The specification's own example (prometheus.io, "Exposition formats").
    static let specificationExample = #"""
        # HELP http_requests_total The total number of HTTP requests.
        # TYPE http_requests_total counter
        http_requests_total{method="post",code="200"} 1027 1395066363000
        http_requests_total{method="post",code="400"}    3 1395066363000

        # Escaping in label values:
        msdos_file_access_time_seconds{path="C:\\DIR\\FILE.TXT",error="Cannot find file:\n\"FILE.TXT\""} 1.458255915e9

        # Minimalistic line:
        metric_without_timestamp_and_labels 12.47

        # A weird metric from before the epoch:
        something_weird{problem="division by zero"} +Inf -3982045

        # A histogram, which has a pretty complex representation in the text format:
        # HELP http_request_duration_seconds A histogram of the request duration.
        # TYPE http_request_duration_seconds histogram
        http_request_duration_seconds_bucket{le="0.05"} 24054
        http_request_duration_seconds_bucket{le="0.1"} 33444
        http_request_duration_seconds_bucket{le="0.2"} 100392
        http_request_duration_seconds_bucket{le="0.5"} 129389
        http_request_duration_seconds_bucket{le="1"} 133988
        http_request_duration_seconds_bucket{le="+Inf"} 144320
        http_request_duration_seconds_sum 53423
        http_request_duration_seconds_count 144320

        # Finally a summary, which has a complex representation, too:
        # HELP telemetry_requests_metrics_latency_microseconds A summary of the response latency.
        # TYPE telemetry_requests_metrics_latency_microseconds summary
        telemetry_requests_metrics_latency_microseconds{quantile="0.01"} 3102
        telemetry_requests_metrics_latency_microseconds{quantile="0.05"} 3272
        telemetry_requests_metrics_latency_microseconds{quantile="0.5"} 4773
        telemetry_requests_metrics_latency_microseconds{quantile="0.9"} 9001
        telemetry_requests_metrics_latency_microseconds{quantile="0.99"} 76656
        telemetry_requests_metrics_latency_microseconds_sum 1.7560473e+07
        telemetry_requests_metrics_latency_microseconds_count 2693

        """#

    @Test func theSpecificationsExampleParsesIntoItsFamilies() throws {
        let exposition = try PrometheusTextParser.parse(Self.specificationExample)
        #expect(exposition.families.map(\.name) == [
            "http_requests_total", "msdos_file_access_time_seconds", "metric_without_timestamp_and_labels", "something_weird",
            "http_request_duration_seconds", "telemetry_requests_metrics_latency_microseconds",
        ])
        #expect(exposition.families.map(\.type) == ["counter", "untyped", "untyped", "untyped", "histogram", "summary"])
        let requests = try #require(exposition.family("http_requests_total"))
        #expect(requests.help == "The total number of HTTP requests.")
        #expect(requests.samples[1].value == 3 && requests.samples[1].timestamp == 1_395_066_363_000)
        #expect(requests.samples[1].labelValues == ["method": "post", "code": "400"])
        let file = try #require(exposition.family("msdos_file_access_time_seconds")?.samples.first)
        #expect(file.labelValues["path"] == #"C:\DIR\FILE.TXT"#)
        #expect(file.labelValues["error"] == "Cannot find file:\n\"FILE.TXT\"")
        #expect(file.value == 1.458255915e9)
        let weird = try #require(exposition.family("something_weird")?.samples.first)
        #expect(weird.value == .infinity && weird.timestamp == -3_982_045)
        #expect(exposition.family("http_request_duration_seconds")?.samples.count == 8, "buckets, sum and count are one family")
        #expect(exposition.value("telemetry_requests_metrics_latency_microseconds_sum") == 1.7560473e7)
    }

    @Test func valuesSpacingAndOptionalPartsAreReadAsTheFormatAllows() throws {
        let text = """
            #\tany comment, HELP later in the words is no HELP line
            \t  spaced_out   {  a = "1" , b="2",  }   -0.5e-3  \t
            nan_value NaN
            negative_infinity -Inf
            plain_integer 7 0
            # HELP no_docstring
            # TYPE no_docstring gauge
            no_docstring .5

            """
        let exposition = try PrometheusTextParser.parse(text)
        #expect(exposition.value("spaced_out", ["a": "1", "b": "2"]) == -0.0005)
        #expect(exposition.value("nan_value")?.isNaN == true)
        #expect(exposition.value("negative_infinity") == -.infinity)
        #expect(exposition.family("plain_integer")?.samples.first?.timestamp == 0)
        #expect(exposition.family("no_docstring")?.help == "" && exposition.family("no_docstring")?.type == "gauge")
        #expect(try PrometheusTextParser.parse("").families.isEmpty)
    }

    @Test(arguments: [
        ("a 1", "the last line must end with a line feed"),
        ("a{b=\"1\" 1\n", "expected , or }"),
        ("a{b=\"1} 1\n", "not closed"),
        ("a{b=1} 1\n", "double quotes"),
        ("a{} 1\n", "expected a label name"),
        ("a{1b=\"x\"} 1\n", "expected a label name"),
        ("a{__name__=\"x\"} 1\n", "reserved"),
        ("a{b=\"1\",b=\"2\"} 1\n", "appears twice"),
        ("a{b=\"\\t\"} 1\n", "escape sequence"),
        ("# HELP a line with \\\" quote\n", "escape sequence"),
        ("a one\n", "is not a float"),
        ("a 1,5\n", "is not a float"),
        ("a 0x10\n", "is not a float"),
        ("a +NaN\n", "is not a float"),
        ("a 1 12.5\n", "not an int64"),
        ("a 1 2 3\n", "unexpected text"),
        ("a\n", "has no value"),
        ("1a 1\n", "starts with a metric name"),
        ("a-b 1\n", "after the metric name"),
        ("# TYPE a countr\n", "not counter, gauge"),
        ("# TYPE a\n", "not counter, gauge"),
        ("# TYPE a gauge extra\n", "exactly a metric name and a type"),
        ("# TYPE a gauge\n# TYPE a gauge\n", "a second TYPE line"),
        ("# HELP a x\n# HELP a y\n", "a second HELP line"),
        ("# HELP\n", "needs a metric name"),
        ("a 1\n# TYPE a gauge\n", "after its samples"),
        ("a 1\nb 1\na{x=\"y\"} 2\n", "not one uninterrupted group"),
        ("a 1\na 2\n", "the same labels"),
        ("# TYPE h histogram\nh_bucket{le=\"1\"} 1\nh_count 1\n", "le=\"+Inf\" bucket"),
        ("# TYPE h histogram\nh_bucket{le=\"2\"} 1\nh_bucket{le=\"1\"} 1\nh_bucket{le=\"+Inf\"} 1\n", "increasing order"),
        ("# TYPE h histogram\nh_bucket{le=\"1\"} 2\nh_bucket{le=\"+Inf\"} 1\n", "cumulative"),
        ("# TYPE h histogram\nh_bucket{le=\"+Inf\"} 2\nh_count 3\n", "is not the +Inf bucket's"),
        ("# TYPE h histogram\nh_bucket 1\n", "no le label"),
        ("# TYPE h histogram\nh_bucket{le=\"x\"} 1\n", "not a float"),
        ("# TYPE h histogram\nh_sum{le=\"1\"} 1\n", "cannot have an le label"),
        ("# TYPE h histogram\nh 1\n", "a histogram's samples are"),
        ("# TYPE s summary\ns 1\n", "no quantile label"),
        ("# TYPE s summary\ns{quantile=\"1.5\"} 1\n", "between 0 and 1"),
        ("# TYPE h histogram\nh_bucket{le=\"+Inf\"} 1\nother 1\nh_count 1\n", "not one uninterrupted group"),
    ])
    func malformedTextIsRefusedWithItsLine(text: String, message: String) {
        do {
            let exposition = try PrometheusTextParser.parse(text)
            Issue.record("accepted: \(exposition.families.map(\.name))")
        } catch {
            #expect(error.description.contains(message), "\(error.description)")
            #expect(error.line > 0, "\(error.description)")
        }
    }
}
