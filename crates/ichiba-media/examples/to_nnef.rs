//! ONNX model → tract NNEF (`.nnef.tgz`), the phone library's model format.
//!
//!   cargo run -p ichiba-media --release --example to_nnef -- IN.onnx OUT.nnef.tgz [SIZE]
//!
//! SIZE (default 224) is the square input side written into the model: a smaller multiple of
//! 32 makes a reduced-resolution variant (crates/ichiba-media/MEDIA.md, "Variants").

use std::process::ExitCode;

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let (input, output, size) = match args.as_slice() {
        [i, o] => (i, o, Ok(ichiba_media::INPUT_SIZE)),
        [i, o, s] => (i, o, s.parse::<usize>()),
        _ => {
            eprintln!("usage: to_nnef IN.onnx OUT.nnef.tgz [SIZE]");
            return ExitCode::from(2);
        }
    };
    let Ok(size) = size else {
        eprintln!("to_nnef: SIZE must be a number");
        return ExitCode::from(2);
    };
    let result = std::fs::read(input)
        .map_err(|e| format!("cannot read {input}: {e}"))
        .and_then(|onnx| ichiba_media::onnx_to_nnef(&onnx, size).map_err(|e| e.to_string()))
        .and_then(|nnef| {
            let tmp = format!("{output}.tmp");
            std::fs::write(&tmp, &nnef)
                .and_then(|()| std::fs::rename(&tmp, output))
                .map_err(|e| format!("cannot write {output}: {e}"))
                .map(|()| nnef.len())
        });
    match result {
        Ok(n) => {
            eprintln!("to_nnef: {output} ({n} bytes, input {size}×{size})");
            ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!("to_nnef: {e}");
            ExitCode::FAILURE
        }
    }
}
