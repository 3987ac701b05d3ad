//! Starts `iamx lsp` for iamx buffers: the binary from the `lsp.iamx.binary.path` setting, else
//! `iamx` from the worktree's PATH. Without one, Zed shows the error below in the language server
//! log and highlighting keeps working.

use zed_extension_api::{self as zed, settings::LspSettings, LanguageServerId, Result};

struct Iamx;

impl zed::Extension for Iamx {
    fn new() -> Self {
        Iamx
    }

    fn language_server_command(
        &mut self,
        language_server_id: &LanguageServerId,
        worktree: &zed::Worktree,
    ) -> Result<zed::Command> {
        let binary = LspSettings::for_worktree(language_server_id.as_ref(), worktree)
            .ok()
            .and_then(|settings| settings.binary);
        let configured = binary.as_ref().and_then(|b| b.path.clone());
        let args = binary
            .and_then(|b| b.arguments)
            .unwrap_or_else(|| vec!["lsp".to_string()]);
        let command = configured.or_else(|| worktree.which("iamx")).ok_or_else(|| {
            "iamx was not found on PATH: install it (`cargo install --path .` in the iamx \
             repository) or set `lsp.iamx.binary.path` in Zed's settings"
                .to_string()
        })?;
        Ok(zed::Command {
            command,
            args,
            env: Vec::new(),
        })
    }
}

zed::register_extension!(Iamx);
