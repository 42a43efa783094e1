// The app bundle's wasm compiled off the page's main thread: the page's start-up script sends the
// wasm's address and gets back the compiled module, which it instantiates (xtask/src/pages.rs,
// `compile_off_thread`), or 0 when this browser cannot, and then loads the wasm itself.
// Lines starting with // are left out of the built file.
onmessage = async (e) => { try { postMessage(await WebAssembly.compileStreaming(fetch(e.data))); } catch { postMessage(0); } };
