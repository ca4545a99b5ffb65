import Foundation

/// The bound on the work of path building. swift-certificates' `Verifier` has none: it explores every candidate
/// path depth first, checking one signature per candidate issuer, and a bundle of cross-signed certificates under
/// one name can make the number of paths grow exponentially. Every candidate issuer handed to it comes through a
/// `BudgetedCertificateStore`, which takes it from this budget; once spent, lookups find nothing, the search ends
/// at once, and the verdict says the budget ran out (`path_building_budget_exceeded`).
///
/// One signature check per candidate, so the default (2,000) is well under a second even with RSA-4096, and far
/// above what a real chain needs (a cross-signed chain of 5 levels with 3 candidates each is 15).
final class PathSearchBudget: @unchecked Sendable {
    private let lock = NSLock()
    private var remaining: Int
    private var spent = false

    init(candidates: Int) {
        self.remaining = candidates
    }

    /// Takes `count` candidates; false (and the budget marked exhausted) when there are not that many left.
    func take(_ count: Int) -> Bool {
        lock.lock()
        defer { lock.unlock() }
        guard count <= remaining else {
            spent = true
            remaining = 0
            return false
        }
        remaining -= count
        return true
    }

    var exhausted: Bool {
        lock.lock()
        defer { lock.unlock() }
        return spent
    }
}
