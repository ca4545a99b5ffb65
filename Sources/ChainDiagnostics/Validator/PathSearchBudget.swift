import Synchronization

/// The bound on the work of path building. swift-certificates' `Verifier` has none: it explores every candidate
/// path depth first, checking one signature per candidate issuer, and a bundle of cross-signed certificates under
/// one name can make the number of paths grow exponentially. Every candidate issuer handed to it comes through a
/// `BudgetedCertificateStore`, which takes it from this budget; once spent, lookups find nothing, the search ends
/// at once, and the verdict says the budget ran out (`path_building_budget_exceeded`).
///
/// One signature check per candidate, so the default (2,000) is well under a second even with RSA-4096, and far
/// above what a real chain needs (a cross-signed chain of 5 levels with 3 candidates each is 15).
final class PathSearchBudget: Sendable {
    private let state: Mutex<(remaining: Int, spent: Bool)>

    init(candidates: Int) {
        state = Mutex((remaining: candidates, spent: false))
    }

    /// Takes `count` candidates; false (and the budget marked exhausted) when there are not that many left.
    func take(_ count: Int) -> Bool {
        state.withLock { state in
            guard count <= state.remaining else {
                state = (remaining: 0, spent: true)
                return false
            }
            state.remaining -= count
            return true
        }
    }

    var exhausted: Bool {
        state.withLock { $0.spent }
    }
}
