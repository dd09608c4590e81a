//! The Typst `World`: rendered sources and figures served from memory, embedded fonts only,
//! and a fixed date.
//!
//! The virtual project root mirrors `out/<report>/`: templates render to `/typst/…` and figures
//! live at `/figures/<name>.svg`, so the written output folder compiles the same way with the
//! Typst CLI (`typst compile --root out/<report> out/<report>/typst/main.typ`).

use std::collections::HashMap;
use std::path::PathBuf;
use std::sync::LazyLock;

use anyhow::{Result, anyhow};
use typst::diag::{FileError, FileResult};
use typst::foundations::{Bytes, Datetime, Duration};
use typst::syntax::{FileId, RootedPath, Source, VirtualPath, VirtualRoot};
use typst::text::{Font, FontBook, FontInfo};
use typst::utils::LazyHash;
use typst::{Library, LibraryExt, World};
use typst_kit::fonts::FontStore;

/// Typst's embedded fonts, parsed once per process.
static EMBEDDED_FONTS: LazyLock<Vec<(Font, FontInfo)>> =
    LazyLock::new(|| typst_kit::fonts::embedded().collect());

/// The file id of a path in the virtual project.
pub(crate) fn file_id(path: &str) -> Result<FileId> {
    let vpath =
        VirtualPath::new(path).map_err(|e| anyhow!("invalid virtual path `{path}`: {e:?}"))?;
    Ok(RootedPath::new(VirtualRoot::Project, vpath).intern())
}

/// A world for one compilation.
pub(crate) struct ReportWorld {
    library: LazyHash<Library>,
    fonts: FontStore,
    main: FileId,
    sources: HashMap<FileId, Source>,
    files: HashMap<FileId, Bytes>,
    today: Datetime,
}

impl ReportWorld {
    /// `sources`: Typst files by virtual path; `files`: other files (figures) by virtual path.
    pub(crate) fn new(
        main: &str,
        sources: &[(String, String)],
        files: Vec<(String, Vec<u8>)>,
        today: Datetime,
    ) -> Result<ReportWorld> {
        let mut fonts = FontStore::new();
        fonts.extend(EMBEDDED_FONTS.iter().cloned());
        let sources = sources
            .iter()
            .map(|(path, text)| Ok((file_id(path)?, Source::new(file_id(path)?, text.clone()))))
            .collect::<Result<HashMap<_, _>>>()?;
        let files = files
            .into_iter()
            .map(|(path, bytes)| Ok((file_id(&path)?, Bytes::new(bytes))))
            .collect::<Result<HashMap<_, _>>>()?;
        Ok(ReportWorld {
            library: LazyHash::new(Library::default()),
            fonts,
            main: file_id(main)?,
            sources,
            files,
            today,
        })
    }
}

impl World for ReportWorld {
    fn library(&self) -> &LazyHash<Library> {
        &self.library
    }

    fn book(&self) -> &LazyHash<FontBook> {
        self.fonts.book()
    }

    fn main(&self) -> FileId {
        self.main
    }

    fn source(&self, id: FileId) -> FileResult<Source> {
        self.sources
            .get(&id)
            .cloned()
            .ok_or_else(|| FileError::NotFound(PathBuf::from(id.vpath().get_with_slash())))
    }

    fn file(&self, id: FileId) -> FileResult<Bytes> {
        if let Some(source) = self.sources.get(&id) {
            return Ok(Bytes::from_string(source.text().to_owned()));
        }
        self.files
            .get(&id)
            .cloned()
            .ok_or_else(|| FileError::NotFound(PathBuf::from(id.vpath().get_with_slash())))
    }

    fn font(&self, index: usize) -> Option<Font> {
        self.fonts.font(index)
    }

    fn today(&self, _offset: Option<Duration>) -> Option<Datetime> {
        Some(self.today)
    }
}
