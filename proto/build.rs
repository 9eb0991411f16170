//! Compiles `proto/lodestone.proto` with protox (a pure-Rust protobuf compiler), so building
//! this crate needs no system `protoc`.

fn main() -> Result<(), Box<dyn std::error::Error>> {
    println!("cargo:rerun-if-changed=proto/lodestone.proto");
    let fds = protox::compile(["lodestone.proto"], ["proto"])?;
    prost_build::Config::new().compile_fds(fds)?;
    Ok(())
}
