// libFuzzer entry point: every input is loaded as a program into a fresh session, with tight
// limits, so the lexer, parser, resolver, stratifier and evaluator all see it; then as a
// document and as a lesson. Any crash, trap or hang libFuzzer finds is a bug; fuzz/run.sh builds
// and runs this.

/// The built-in case, loaded once: its claims are checked against every input read as a document.
let casedSession: Session = {
    let session = Session()
    _ = session.load(SourceFile(name: "case.cb", bytes: Array(CaseLibrary.texts[CaseLibrary.defaultCase]!.utf8))) { _ in
        true
    }
    return session
}()

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let bytes = Array(UnsafeBufferPointer(start: data, count: size))
    let session = Session()
    session.limits = Limits(timeout: 1, maxDerivedFacts: 20_000)
    _ = session.load(SourceFile(name: "<fuzz>", bytes: bytes)) { _ in true }
    // The same bytes reach the expectation reader too.
    _ = Expectations.read(SourceFile(name: "<fuzz>", bytes: bytes))
    _ = Expectations.strays(in: SourceFile(name: "<fuzz>", bytes: bytes))
    // And as a document loaded with --doc: sentences, mentions (dates, figures, names) and the
    // citation check of whatever claims the program made.
    let text = String(decoding: bytes, as: UTF8.self)
    _ = session.add(document: Document(name: "<fuzz>", text: text))
    // A program the fuzzer writes rarely makes claims, so the bytes are also read as a document
    // that the built-in case's 290 claims cite: every citation rule meets every kind of text.
    // (This costs about a tenth more time per input: reading the text is most of it.)
    _ = CitationChecker(document: Document(name: "<fuzz>", text: text), program: casedSession.program)
        .check(casedSession.program.claims)
    // And as a lesson for the tour: its steps, blocks and their expected answers.
    let (lesson, _) = Lesson.parse(name: "<fuzz>", text: text)
    for step in lesson.steps {
        for block in step.blocks { _ = Expectations.read(block.source(lessonName: "<fuzz>")) }
    }
    return 0
}
