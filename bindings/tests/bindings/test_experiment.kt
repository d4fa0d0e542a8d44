// ExperimentClient and ExperimentEventLog from Kotlin on the JVM (JNA), as an Android app
// calls them. Compiled with the generated ichiba.kt and run by bindings/tests/run.sh.
@file:JvmName("TestExperiment")

import java.io.File
import java.util.concurrent.Executors
import java.util.concurrent.TimeUnit
import java.util.concurrent.atomic.AtomicInteger
import uniffi.ichiba.*

// check, expect, assertThrows, passed, failed: support.kt.

private const val NOW = 1_736_121_600_000L

// docs/experiments.md's display-duration experiment (1:1, display-8s owns buckets 0..5000)
// and a ranking experiment on the ranking-v2 salt.
private val CONFIG = """{
  "defaults": {"max_suggestions": 6},
  "experiments": [{
    "id": "display-duration",
    "salt": "display-duration-2025-01",
    "parameters": ["display_ms"],
    "variants": [
      {"name": "display-8s", "weight": 1, "params": {"display_ms": 8000}},
      {"name": "display-4s", "weight": 1, "params": {"display_ms": 4000}}
    ],
    "targeting": {"app_version": {"min": "5.2.0", "max": "6.0.0"}, "os_version_min": {"android": "10"}}
  }, {
    "id": "ranking",
    "salt": "ranking-v2",
    "parameters": ["ranking"],
    "variants": [{"name": "control", "weight": 1}, {"name": "v2", "weight": 1, "params": {"ranking": "v2"}}]
  }]
}"""

private fun pixel(appVersion: String = "5.3.0", osVersion: String = "14") =
    Device(os = "android", osVersion = osVersion, arch = "arm64-v8a", appVersion = appVersion,
           preferredPrecision = null)

private fun ExperimentDecision.variants() = assignments.associate { it.experiment to it.variant }

fun main() {
    val client = ExperimentClient.fromConfig(CONFIG)

    check("published test vectors, same answer from a second client") {
        val vectors = listOf(
            Triple("display-duration", "user-1", 6970u), Triple("display-duration", "user-2", 1397u),
            Triple("display-duration", "user-3", 4185u),
            Triple("display-duration", "a8f3c2e1-0000-4000-8000-000000000042", 8228u),
            Triple("ranking", "user-1", 6456u), Triple("ranking", "", 3968u),
            Triple("ranking", "ユーザー7", 6547u))
        val other = ExperimentClient()
        other.loadConfig(CONFIG)
        for ((experiment, user, bucket) in vectors) {
            val a = client.decide(user, pixel(), NOW)
            val got = a.assignments.first { it.experiment == experiment }
            expect(got.bucket == bucket) { "$user: $got" }
            expect(other.decide(user, pixel(), NOW) == a) { "$user differs between clients" }
        }
        val v = client.decide("user-1", pixel(), NOW).variants()
        expect(v == mapOf("display-duration" to "display-4s", "ranking" to "v2")) { "$v" }
        expect(client.decide("user-2", pixel(), NOW).variants()["display-duration"] == "display-8s") { "user-2" }
        other.close()
    }

    check("params for a user, defaults outside the targeting") {
        val p = client.decide("user-1", pixel(), NOW).params
        expect(p == ExperimentParams(suggestionsEnabled = true, maxSuggestions = 6u, displayMs = 4000u,
                                     ranking = "v2")) { "$p" }
        for (outside in listOf(pixel(appVersion = "6.0.0"), pixel(appVersion = "5.1"), pixel(osVersion = "9"))) {
            val d = client.decide("user-1", outside, NOW)
            expect(d.variants().keys == setOf("ranking") && d.params.displayMs == 8000u) { "$outside: $d" }
        }
        assertThrows<BindingException.InvalidRequest> {
            client.decide("user-1", Device("symbian", "9", "arm", "5.3.0", null), NOW)
        }
    }

    check("an invalid config is refused with the core's message; the old one serves") {
        val before = client.decide("user-1", pixel(), NOW)
        val e = assertThrows<BindingException.InvalidConfig> {
            client.loadConfig(CONFIG.replace("\"weight\": 1", "\"weight\": 0"))
        }
        expect(e.message == "experiment \"display-duration\": weights sum to 0") { "${e.message}" }
        assertThrows<BindingException.InvalidConfig> { client.loadConfig("{") }
        assertThrows<BindingException.InvalidConfig> { ExperimentClient.fromConfig("""{"experiments": [{}]}""") }
        expect(client.decide("user-1", pixel(), NOW) == before) { "the config changed" }
        expect(client.experimentIds() == listOf("display-duration", "ranking")) { "${client.experimentIds()}" }
    }

    check("event log lines") {
        val dir = kotlin.io.path.createTempDirectory("ichiba-exp").toFile()
        val path = File(dir, "events.jsonl")
        val log = ExperimentEventLog(path.path)
        val d = client.decide("user-1", pixel(), NOW)
        expect(d.assignments.size == 2) { "$d" }
        log.logExposure(d, NOW)
        log.logShown(d, NOW + 1200, Field.TITLE, 5u)
        log.logAccepted(d, NOW + 3500, Field.TITLE, 1u, 2300u, 4u)
        log.logDismissed(d, NOW + 9000, Field.BRAND, 1500u)
        log.sync()
        val tag = """"user":"user-1","experiment":"display-duration","variant":"display-4s""""
        val lines = path.readLines().filter { it.contains("\"display-duration\"") }
        val want = listOf(
            """{"ts":$NOW,$tag,"type":"exposure"}""",
            """{"ts":${NOW + 1200},$tag,"type":"shown","field":"title","count":5}""",
            """{"ts":${NOW + 3500},$tag,"type":"accepted","field":"title","rank":1,"ms_since_shown":2300,"chars_saved":4}""",
            """{"ts":${NOW + 9000},$tag,"type":"dismissed","field":"brand","ms_since_shown":1500}""")
        expect(lines == want) { lines.joinToString("\n") }
        expect(path.readLines().size == 8) { "${path.readLines().size} lines, not one per assignment" }
        expect(log.files() == listOf(path.path)) { "${log.files()}" }
        assertThrows<BindingException.InvalidRequest> { log.logAccepted(d, NOW, Field.TITLE, 0u, 1u, 1u) }
        val missing = File(dir, "missing/events.jsonl").path
        val io = assertThrows<BindingException.Io> { ExperimentEventLog(missing) }
        expect(io.message!!.contains(missing)) { "${io.message}" }
        log.close()
        dir.deleteRecursively()
    }

    check("decide and log from threads") {
        val dir = kotlin.io.path.createTempDirectory("ichiba-exp").toFile()
        val path = File(dir, "events.jsonl")
        val log = ExperimentEventLog(path.path, maxBytes = 1_000_000uL, keep = 2u)
        val written = AtomicInteger(0)
        val pool = Executors.newFixedThreadPool(4)
        repeat(4) { t ->
            pool.execute {
                repeat(100) { i ->
                    val d = client.decide("u-$t-$i", pixel(), NOW)
                    log.logShown(d, NOW + i, Field.TITLE, 5u)
                    written.addAndGet(d.assignments.size)
                }
            }
        }
        repeat(20) { client.loadConfig(CONFIG) }
        pool.shutdown()
        expect(pool.awaitTermination(60, TimeUnit.SECONDS)) { "threads did not finish" }
        val lines = path.readLines()
        expect(written.get() == 800 && lines.size == 800) { "${written.get()} written, ${lines.size} lines" }
        expect(lines.all { it.startsWith("{\"ts\":") && it.endsWith("\"count\":5}") }) { "a torn line" }
        log.close()
        dir.deleteRecursively()
    }

    client.close()
    println("$passed passed, $failed failed")
    if (failed > 0) kotlin.system.exitProcess(1)
}
