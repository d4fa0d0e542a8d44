// MediaClassifier from Kotlin (compiled only when the library has the `image` feature).
// Environment: ICHIBA_MEDIA_MODEL (optional): the ONNX model file; ICHIBA_MEDIA_IMAGES
// (optional): the test photos (crates/ichiba-media/tests/media/fetch_images.sh).
@file:JvmName("TestMedia")

import java.io.File
import uniffi.ichiba.*

fun main() {
    var passed = 0
    fun <T : Throwable> expectThrows(kind: Class<T>, body: () -> Unit) {
        try {
            body()
        } catch (e: Throwable) {
            if (kind.isInstance(e)) { passed++; return }
            throw AssertionError("expected ${kind.simpleName}, got $e")
        }
        throw AssertionError("expected ${kind.simpleName}, got no error")
    }
    expectThrows(BindingException.Model::class.java) { MediaClassifier.fromBytes(ByteArray(0)) }
    expectThrows(BindingException.Model::class.java) { MediaClassifier.fromBytes("not a model".toByteArray()) }
    val model = System.getenv("ICHIBA_MEDIA_MODEL")
    if (model != null) {
        val bytes = File(model).readBytes()
        expectThrows(BindingException.Model::class.java) { MediaClassifier.fromBytes(bytes.copyOf(bytes.size / 2)) }
        val classifier = MediaClassifier(model)
        expectThrows(BindingException.Image::class.java) { classifier.classify(ByteArray(0)) }
        expectThrows(BindingException.Image::class.java) { classifier.classify("not an image".toByteArray()) }
        val images = System.getenv("ICHIBA_MEDIA_IMAGES")
        if (images != null) {
            val coffee = classifier.classify(File(images, "coffee.png").readBytes())
            check(coffee.top5[0].name == "espresso") { "coffee.png: top-1 ${coffee.top5[0]}" }
            check(!coffee.isMedia) { "coffee.png is not media: ${coffee.mediaScore}" }
            val page = classifier.classify(File(images, "page.png").readBytes())
            check(page.mediaScore > coffee.mediaScore) { "page ${page.mediaScore} <= coffee ${coffee.mediaScore}" }
            passed++
        } else {
            println("ICHIBA_MEDIA_IMAGES not set: photo checks skipped")
        }
        classifier.close()
    } else {
        println("ICHIBA_MEDIA_MODEL not set: bad-image checks skipped")
    }
    println("$passed passed, 0 failed")
}
