// The analyzer dictionary from Kotlin on the JVM (JNA), as an Android app handles it: chosen
// by the manifest, downloaded (bytes fetched from a local path), verified, saved, loaded from
// the file and from bytes; and the engine without it. Run by bindings/tests/run.sh.
// Environment: ICHIBA_ANALYZER_MANIFEST (an artifact manifest whose `analyzer` entry's url
// names the analyzer dictionary file beside it).
@file:JvmName("TestAnalyzer")

import java.io.File
import uniffi.ichiba.*

// check, expect, assertThrows, passed, failed: support.kt.

// で is a particle: with the analyzer the word being typed starts after it (おく → 奥); by
// script runs でおく is one hiragana run, whose whole completions come first.
const val TEXT = "送料無料でおく"

fun topStart(e: SuggestionEngine) = e.suggest(TEXT, TEXT.length, Field.TITLE, 5)[0].replaceStart

fun main() {
    val manifestFile = File(System.getenv("ICHIBA_ANALYZER_MANIFEST"))
    val device = Device("android", "14", "arm64-v8a", "5.12.0", null)
    // What the app does: select, fetch ("the server" is the manifest's folder), verify.
    val artifact = selectArtifact(manifestFile.readText(), "analyzer", device)
    val bytes = File(manifestFile.parentFile, artifact.url).readBytes()
    verifyArtifact(bytes, artifact.size, artifact.sha256)
    val afterParticle = TEXT.indexOf('お')
    val runStart = TEXT.indexOf('で')

    check("signed delivery: the signed manifest opens with the pinned key, and each refusal is typed") {
        val signed = File(System.getenv("ICHIBA_SIGNED_MANIFEST")).readText()
        val key = File(System.getenv("ICHIBA_PUBLIC_KEY")).readText().trim()
        val other = File(System.getenv("ICHIBA_OTHER_PUBLIC_KEY")).readText().trim()
        val now = (System.currentTimeMillis() / 1000).toULong()
        val m = verifySignedManifest(signed, listOf(key), now, null)
        expect(m.sequence == 5UL) { "$m" }
        expect(selectArtifact(m.manifestJson, "analyzer", device) == artifact) { "select" }
        assertThrows<BindingException.UnsignedManifest> { verifySignedManifest(manifestFile.readText(), listOf(key), now, null) }
        assertThrows<BindingException.UntrustedKey> { verifySignedManifest(signed, listOf(other), now, null) }
        val altered = signed.replace("analyzer", "analyzeR")
        expect(altered != signed) { "nothing altered" }
        assertThrows<BindingException.BadSignature> { verifySignedManifest(altered, listOf(key), now, null) }
        assertThrows<BindingException.ManifestRollback> { verifySignedManifest(signed, listOf(key), now, 6UL) }
        assertThrows<BindingException.ManifestExpired> { verifySignedManifest(signed, listOf(key), now + 31UL * 86400UL, null) }
    }

    check("without an analyzer dictionary: script runs, and it says so") {
        val e = SuggestionEngine()
        expect(e.analyzerKind() == AnalyzerKind.SCRIPT_RUNS) { "${e.analyzerKind()}" }
        expect(e.suggest("しゅぷ", 3, Field.TITLE, 1)[0].surface == "シュプリーム") { "no suggestion" }
        expect(topStart(e) == runStart) { "${topStart(e)}" }
        e.close()
    }

    check("the manifest's analyzer, saved to app storage and loaded from the file") {
        expect(artifact.kind == "analyzer" && artifact.size == bytes.size.toULong()) { "$artifact" }
        val dir = kotlin.io.path.createTempDirectory("ichiba").toFile()
        val saved = File(dir, "analyzer-${artifact.version}")
        saved.writeBytes(bytes)
        verifyArtifactFile(saved.path, artifact.size, artifact.sha256)
        val e = SuggestionEngine()
        e.loadAnalyzerFile(saved.path)
        expect(e.analyzerKind() == AnalyzerKind.FILE) { "${e.analyzerKind()}" }
        expect(topStart(e) == afterParticle) { "${topStart(e)}" }
        e.unloadAnalyzer()
        expect(e.analyzerKind() == AnalyzerKind.SCRIPT_RUNS) { "${e.analyzerKind()}" }
        e.close()
        dir.deleteRecursively()
    }

    check("loaded from bytes; damaged bytes are refused and the analyzer kept") {
        val e = SuggestionEngine()
        e.loadAnalyzerBytes(bytes)
        val cut = bytes.copyOf(bytes.size / 2)
        assertThrows<BindingException.SizeMismatch> { verifyArtifact(cut, artifact.size, artifact.sha256) }
        assertThrows<BindingException.CorruptAnalyzer> { e.loadAnalyzerBytes(cut) }
        val flipped = bytes.copyOf()
        flipped[bytes.size / 3] = (flipped[bytes.size / 3].toInt() xor 1).toByte()
        assertThrows<BindingException.CorruptAnalyzer> { e.loadAnalyzerBytes(flipped) }
        assertThrows<BindingException.Io> { e.loadAnalyzerFile("/nonexistent/analyzer") }
        expect(e.analyzerKind() == AnalyzerKind.FILE) { "${e.analyzerKind()}" }
        expect(topStart(e) == afterParticle) { "${topStart(e)}" }
        e.close()
    }

    println("$passed passed, $failed failed")
    if (failed > 0) kotlin.system.exitProcess(1)
}
