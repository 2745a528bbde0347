import Foundation
import HuitongCore
import HuitongHTTPServer
import Synchronization

extension CityPlatform {
    /// `GET …/resources/{type}` and `GET …/events` (§3.3, §4.2): a page of the collection by id
    /// in byte order. `pageNo` (from 1) and `pageSize` (1 to 500) are both required: the
    /// contract states no defaults, so a client must not rely on any.
    func list(_ request: ServerRequest, collection: (CityRecordStore) -> CityCollection) throws(CityRejection) -> CityReply {
        let pageNo = try pageParameter("pageNo", in: request, range: 1...Int(Int32.max))
        let pageSize = try pageParameter("pageSize", in: request, range: 1...500)
        let (total, list) = state.withLock { state in
            let records = collection(state.records)
            return (records.count, records.page(pageNo, size: pageSize))
        }
        return .success([
            "total": .integer(Int64(total)), "pageNo": .integer(Int64(pageNo)),
            "pageSize": .integer(Int64(pageSize)), "list": .array(list),
        ])
    }

    /// `DELETE …/resources/{type}/{id}` (§3.2): `{id}` is percent-decoded; an unknown id is 404.
    func delete(type: String, encodedID: String) throws(CityRejection) -> CityReply {
        let schema = try resourceSchema(type)
        guard let id = encodedID.removingPercentEncoding, !id.isEmpty else {
            throw CityRejection(400, .invalidParameter, "the id \(encodedID) is not valid percent-encoding")
        }
        return try state.withLock { (state) throws(CityRejection) -> CityReply in
            guard state.records[schema.name].remove(id: CityRecordID(id)) else {
                throw CityRejection(404, .notFound, "no \(schema.name) with id \(id)")
            }
            state.counters.deletions += 1
            return .success(.null)
        }
    }

    private func pageParameter(_ name: String, in request: ServerRequest, range: ClosedRange<Int>) throws(CityRejection) -> Int {
        guard let text = request.query.first(where: { $0.name == name })?.value else {
            throw CityRejection(400, .invalidParameter, "\(name) missing")
        }
        guard !text.isEmpty, text.utf8.count <= 10, text.utf8.allSatisfy({ (0x30...0x39).contains($0) }),
              let value = Int(text), range.contains(value)
        else {
            throw CityRejection(400, .invalidParameter, "\(name) must be a whole number from \(range.lowerBound) to \(range.upperBound)")
        }
        return value
    }
}
