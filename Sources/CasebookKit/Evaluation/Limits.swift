// Stopping runaway work: a deadline, a cap on derived facts, and cancellation from outside.

import Foundation
import Synchronization

/// A flag another thread or a signal handler sets to stop evaluation (the REPL's Ctrl-C).
public final class CancelToken: Sendable {
    private let flag = Atomic<Bool>(false)
    public init() {}
    public func cancel() { flag.store(true, ordering: .relaxed) }
    public func reset() { flag.store(false, ordering: .relaxed) }
    public var isCancelled: Bool { flag.load(ordering: .relaxed) }
}

/// How much work one evaluation may do.
public struct Limits {
    /// Seconds of evaluation per query (nil: no limit).
    public var timeout: Double?
    /// Facts that evaluation may derive in total before it stops; a fact of more than four
    /// columns counts once per four columns.
    public var maxDerivedFacts: Int
    /// Bytes of new texts that evaluation may make (with `concat`, `text`, `lowercase`): a rule
    /// that lengthens a text each round makes few facts but unbounded memory.
    public var maxTextBytes: Int
    public var cancel: CancelToken

    public static let defaultMaxDerivedFacts = 50_000_000
    /// The largest fact limit taken: a relation numbers its rows in 32 bits, so a limit past
    /// this would let a relation fill, and the facts beyond would be lost.
    public static let largestMaxDerivedFacts = 2_000_000_000
    public static let defaultMaxTextBytes = 1 << 30

    public init(
        timeout: Double? = nil, maxDerivedFacts: Int = Limits.defaultMaxDerivedFacts,
        maxTextBytes: Int = Limits.defaultMaxTextBytes, cancel: CancelToken = CancelToken()
    ) {
        self.timeout = timeout
        self.maxDerivedFacts = maxDerivedFacts
        self.maxTextBytes = maxTextBytes
        self.cancel = cancel
    }
}

/// Why evaluation stopped early, or failed.
public struct EvaluationError: Error {
    public enum Reason { case timeout, factLimit, cancelled, arithmetic }
    public var reason: Reason
    public var diagnostic: Diagnostic
}

/// Checks the limits cheaply: the clock is read only every few thousand steps.
final class Budget {
    let limits: Limits
    let deadline: UInt64?
    var derived = 0
    var ticks = 0
    /// The relation being derived, named in the message when a limit stops the work; empty
    /// while a query's own answers (or its aggregates' rows) are found.
    var growing = ""

    /// Where in the work a limit stopped it, for its message.
    var stage: String { growing.isEmpty ? "while answering the query" : "while deriving '\(growing)'" }
    /// The bytes of texts made before this evaluation began (see `Limits.maxTextBytes`).
    let textBytesAtStart = Universe.shared.textBytesMade
    /// The values made before this evaluation began: arithmetic in a filter makes values that no
    /// fact holds, yet each is kept (interned) for the session, so they count against the fact
    /// limit too. `?- n(X), n(Y), Z = X * 1.5 + Y, Z < 0.` over 2,000 n made four million
    /// decimals (1.2 GB) under `--max-facts 1000`.
    let valuesAtStart = Universe.shared.valuesMade

    init(_ limits: Limits) {
        self.limits = limits
        if let t = limits.timeout, !t.isNaN {
            let nanoseconds = max(0, t) * 1e9
            // A timeout beyond what the clock counts (`inf`, 1e300 s, anything over a century) is
            // no timeout at all; converting it to an integer would trap.
            deadline = nanoseconds < 4e18 ? DispatchTime.now().uptimeNanoseconds + UInt64(nanoseconds) : nil
        } else {
            deadline = nil
        }
    }

    @inline(__always) func tick() throws {
        ticks &+= 1
        if ticks & 0xFFF == 0 { try check() }
    }

    func check() throws {
        if limits.cancel.isCancelled {
            throw EvaluationError(reason: .cancelled, diagnostic: .plain("query cancelled \(stage)"))
        }
        if let d = deadline, DispatchTime.now().uptimeNanoseconds > d {
            let t = limits.timeout!
            throw EvaluationError(
                reason: .timeout,
                diagnostic: .plain(
                    "evaluation stopped after the \(formatSeconds(t)) timeout \(stage) (\(derived) facts derived)",
                    hint: "a rule may derive without end; raise --timeout if the work is just large"))
        }
        try checkTexts()
        if Universe.shared.valuesMade - valuesAtStart > limits.maxDerivedFacts {
            throw limitReached(
                "it made more than \(limits.maxDerivedFacts) new values (the limit)",
                hint:
                    "every number, amount, date or text that arithmetic or a function makes is kept; "
                    + "ask a narrower question, or raise --max-facts if the work is just large")
        }
    }

    /// Stops evaluation once the texts it made pass `maxTextBytes`. `check` does this every few
    /// thousand steps; a function that makes a text calls it at once, since one row of one rule
    /// can make gigabytes of text between two checks (240 `concat`s of a 20 KB text: 2.3 GB).
    func checkTexts() throws {
        if Universe.shared.textBytesMade - textBytesAtStart > limits.maxTextBytes {
            throw limitReached(
                "the texts it made take more than \(describeBytes(limits.maxTextBytes)) (the limit)",
                hint: "a rule that builds ever longer texts derives without end")
        }
    }

    @inline(__always) func derived(_ n: Int) throws {
        derived += n
        if derived > limits.maxDerivedFacts {
            throw limitReached(
                "more than \(limits.maxDerivedFacts) derived facts (the limit)",
                hint:
                    "a rule may derive without end, e.g. n(Y) :- n(X), Y = X + 1; raise --max-facts if the work is just large"
            )
        }
    }
}

extension Budget {
    /// Checks the size of a relation that evaluation fills and then drops (a query's answers, an
    /// aggregate group's solutions) against the fact limit. Such rows are not derived facts, but
    /// they take memory all the same: `?- n(X), n(Y), n(Z).` over a thousand n would hold a
    /// billion answers.
    @inline(__always) func holding(_ n: Int) throws {
        if n > limits.maxDerivedFacts {
            throw limitReached(
                "more than \(limits.maxDerivedFacts) facts (the limit) held at once",
                hint:
                    "ask a narrower question: a query holds all its answers, an aggregate all the rows it counts or sums (--format count counts a query's answers without keeping them); raise --max-facts if the work is just large"
            )
        }
    }

    /// Stopped at a limit on what evaluation holds (facts, answers, texts): `what` says which,
    /// and the message names the relation being derived.
    func limitReached(_ what: String, hint: String) -> EvaluationError {
        EvaluationError(
            reason: .factLimit,
            diagnostic: .plain("evaluation stopped: \(what) \(stage)", hint: hint))
    }
}

/// "1 GiB", "64 MiB", "100 bytes": a size as people say it.
public func describeBytes(_ n: Int) -> String {
    for (unit, name) in [(1 << 30, "GiB"), (1 << 20, "MiB"), (1 << 10, "KiB")] where n >= unit && n % unit == 0 {
        return "\(n / unit) \(name)"
    }
    return n == 1 ? "1 byte" : "\(n) bytes"
}

/// A time limit as messages give it: "2 s", "0.5 s".
public func formatSeconds(_ t: Double) -> String {
    t == t.rounded() ? "\(Int(t)) s" : "\(t) s"
}
