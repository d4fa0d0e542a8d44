// SuggestionEngine, errors and artifacts from Kotlin on the JVM (JNA), as an Android app
// calls them. Compiled with the generated ichiba.kt and run by bindings/tests/run.sh.
// Environment: ICHIBA_DICT, ICHIBA_TINY_DICT (two different valid dictionaries).
@file:JvmName("TestEngine")

import java.io.File
import java.security.MessageDigest
import java.util.concurrent.Executors
import java.util.concurrent.TimeUnit
import java.util.concurrent.atomic.AtomicBoolean
import java.util.concurrent.atomic.AtomicInteger
import uniffi.ichiba.*

// check, expect, assertThrows, passed, failed: support.kt.

fun surfaces(s: List<Suggestion>) = s.map { it.surface }

fun main() {
    val dict = File(System.getenv("ICHIBA_DICT")).readBytes()
    val tiny = File(System.getenv("ICHIBA_TINY_DICT")).readBytes()
    val engine = SuggestionEngine()

    check("suggest returns the span to replace") {
        val s = engine.suggest("しゅぷ", 3, Field.TITLE, 5)
        expect(s[0].surface == "シュプリーム") { "$s" }
        expect(s[0].kind == SuggestionKind.BRAND) { "$s" }
        expect(s[0].replaceStart == 0 && s[0].replaceEnd == 3) { "$s" }
        expect(engine.suggest("し", 1, Field.FREE).size <= 10) { "default top_k" }
    }

    check("an emoji before the cursor: UTF-16 offsets are String indexes") {
        val text = "😀しゅぷ"
        val s = engine.suggest(text, text.length, Field.TITLE, 3)[0]
        expect(text.length == 5 && s.replaceStart == 2 && s.replaceEnd == 5) { "$s" }
        val replaced = StringBuilder(text).replace(s.replaceStart, s.replaceEnd, s.surface)
        expect(replaced.toString() == "😀シュプリーム") { "$replaced" }
    }

    check("from bytes and from a file") {
        val a = SuggestionEngine.fromBytes(dict)
        val b = SuggestionEngine.fromFile(System.getenv("ICHIBA_DICT"))
        expect(surfaces(a.suggest("すにー", 3, Field.TITLE, 10)) ==
            surfaces(b.suggest("すにー", 3, Field.TITLE, 10))) { "differ" }
        a.close()
        b.close()
    }

    check("typed errors") {
        assertThrows<BindingException.CursorOutOfRange> { engine.suggest("abc", 4, Field.FREE) }
        assertThrows<BindingException.CursorOutOfRange> { engine.suggest("abc", -1, Field.FREE) }
        assertThrows<BindingException.CursorInsideCharacter> { engine.suggest("😀a", 1, Field.FREE) }
        assertThrows<BindingException.InvalidRequest> { engine.suggest("しゅぷ", 3, Field.FREE, 65) }
        val huge = "しゅぷ".repeat(100_000)
        val e = assertThrows<BindingException.InvalidRequest> { engine.suggest(huge, 3, Field.FREE) }
        expect(e.message!!.contains("only the field being edited")) { "${e.message}" }
        assertThrows<BindingException.CorruptDictionary> { SuggestionEngine.fromBytes(dict.copyOf(1000)) }
        assertThrows<BindingException.CorruptDictionary> { SuggestionEngine.fromBytes(ByteArray(0)) }
        val future = dict.copyOf()
        future[8] = 99
        assertThrows<BindingException.UnsupportedVersion> { SuggestionEngine.fromBytes(future) }
        assertThrows<BindingException.Io> { SuggestionEngine.fromFile("/nonexistent/x.ichiba") }
        val swapError = assertThrows<BindingException.CorruptDictionary> {
            engine.swapDictionary(dict.copyOf(dict.size / 2))
        }
        expect(swapError.message!!.contains("keeps the dictionary it had")) { "${swapError.message}" }
        expect(engine.suggest("しゅぷ", 3, Field.FREE, 1)[0].surface == "シュプリーム") { "still serving" }
    }

    check("concurrent calls from threads, swapping while querying") {
        val e = SuggestionEngine.fromBytes(dict)
        val a = surfaces(e.suggest("しゅ", 2, Field.FREE, 10))
        val b = surfaces(SuggestionEngine.fromBytes(tiny).suggest("しゅ", 2, Field.FREE, 10))
        expect(a != b) { "the two dictionaries must differ" }
        val stop = AtomicBoolean(false)
        val bad = AtomicInteger(0)
        val queries = AtomicInteger(0)
        val pool = Executors.newFixedThreadPool(4)
        repeat(4) {
            pool.execute {
                while (!stop.get()) {
                    val got = surfaces(e.suggest("しゅ", 2, Field.FREE, 10))
                    if (got != a && got != b) bad.incrementAndGet()
                    queries.incrementAndGet()
                }
            }
        }
        repeat(40) { i -> e.swapDictionary(if (i % 2 == 0) tiny else dict) }
        stop.set(true)
        pool.shutdown()
        expect(pool.awaitTermination(60, TimeUnit.SECONDS)) { "threads did not finish" }
        expect(bad.get() == 0) { "${bad.get()} mixed answers" }
        expect(queries.get() > 0) { "no queries ran" }
        expect(surfaces(e.suggest("しゅ", 2, Field.FREE, 10)) == a) { "ends on the default" }
    }

    check("artifact selection and verification") {
        val sha = MessageDigest.getInstance("SHA-256").digest(dict).joinToString("") { "%02x".format(it) }
        val manifest = """{"manifest_version": 1, "artifacts": [
            {"name": "dictionary", "kind": "dictionary", "version": "2", "url": "https://cdn.example/ios",
             "size": ${dict.size}, "sha256": "$sha", "os": "ios"},
            {"name": "dictionary", "kind": "dictionary", "version": "1", "url": "https://cdn.example/android",
             "size": ${dict.size}, "sha256": "$sha", "os": "android", "min_os_version": "8.0"}]}"""
        val device = Device("android", "14", "arm64-v8a", "5.12.0", null)
        val a = selectArtifact(manifest, "dictionary", device)
        expect(a.url == "https://cdn.example/android") { "$a" }
        verifyArtifact(dict, a.size, a.sha256)
        assertThrows<BindingException.SizeMismatch> { verifyArtifact(dict.copyOf(10), a.size, a.sha256) }
        assertThrows<BindingException.NoMatchingArtifact> {
            selectArtifact(manifest, "dictionary", Device("android", "7", "arm64", "5", null))
        }
        assertThrows<BindingException.InvalidManifest> { selectArtifact("{", "dictionary", device) }
    }

    check("history: record, persist, clear, learning off") {
        val dir = kotlin.io.path.createTempDirectory("ichiba").toFile()
        val path = File(dir, "history.tsv")
        val options = HistoryOptions(path.path, 64u, true)
        val e = SuggestionEngine(options)
        val before = surfaces(e.suggest("しゅ", 2, Field.FREE))
        val last = e.suggest("しゅ", 2, Field.FREE).last()
        repeat(3) { e.recordAcceptance(last) }
        val after = surfaces(e.suggest("しゅ", 2, Field.FREE))
        expect(after.indexOf(last.surface) < before.indexOf(last.surface)) { "$after" }
        expect(path.exists()) { "history file not written" }
        expect(surfaces(SuggestionEngine(options).suggest("しゅ", 2, Field.FREE)) == after) { "not persisted" }
        e.setLearning(false)
        expect(!e.isLearning() && surfaces(e.suggest("しゅ", 2, Field.FREE)) == before) { "learning off" }
        e.clearHistory()
        expect(!path.exists()) { "history file not deleted" }
        dir.deleteRecursively()
    }

    check("forget one learned word") {
        val e = SuggestionEngine()
        val before = e.suggest("しゅ", 2, Field.FREE)
        val a = before.last()
        val b = before[before.size - 2]
        repeat(3) { e.recordAcceptance(a); e.recordAcceptance(b) }
        expect(surfaces(e.suggest("しゅ", 2, Field.FREE)).indexOf(a.surface) < before.size - 1) { "not learned" }
        expect(e.forget(a.entity)) { "forget returned false" }
        expect(!e.forget(a.entity)) { "forgotten twice" }
        val after = e.suggest("しゅ", 2, Field.FREE)
        val score = after.firstOrNull { it.surface == a.surface }?.score
        expect(score != null && kotlin.math.abs(score - a.score) < 1e-4) { "$after" }
        expect(surfaces(after).indexOf(b.surface) < before.size - 2) { "b forgotten too: $after" }
        e.close()
    }

    check("blocked terms with UTF-16 spans") {
        val text = "😀スーパーコピー"
        val found = engine.blockedTerms(text, text.length)
        expect(found.size == 1 && found[0].reason == "counterfeit" && found[0].start == 2 && found[0].end == text.length) { "$found" }
    }

    check("a Rust panic arrives as BindingException.Internal, and the library keeps working") {
        val e = assertThrows<BindingException.Internal> { debugPanic("deliberate test panic") }
        expect(e.message!!.contains("deliberate test panic")) { "${e.message}" }
        expect(engine.suggest("しゅぷ", 3, Field.TITLE, 1)[0].surface == "シュプリーム") { "after the panic" }
    }

    engine.close()
    println("$passed passed, $failed failed")
    if (failed > 0) kotlin.system.exitProcess(1)
}
