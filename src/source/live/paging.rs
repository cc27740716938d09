//! Paged lists: `limit`/`continue`, restarting on 410 Expired, converting page by page.
//!
//! Per <https://kubernetes.io/docs/reference/using-api/api-concepts/#retrieving-large-results-sets-in-chunks>:
//! a page carries `metadata.continue` while more remain; a continue token older than the
//! server's compaction window gets `410 Gone` (`reason: Expired`). The server then offers a
//! token that continues *inconsistently*; we restart the list instead, so every item comes
//! from one consistent snapshot (client-go's pager falls back to a full list the same way,
//! `staging/src/k8s.io/client-go/tools/pager/pager.go`).
//!
//! Each page is parsed with its items left as raw JSON text borrowed from the page, and each
//! item is converted to a small model type (without `managedFields`) before the next one is
//! looked at, so memory grows with the data the analysis keeps, not with the JSON received.

use super::error::LiveError;
use super::requests::{Kind, ListScope, PageQuery, Requester, list_action};
use crate::source::convert::Refused;
use serde::Deserialize;
use serde_json::Value;
use serde_json::value::RawValue;

/// Page size (what kubectl asks for: `--chunk-size` defaults to 500).
pub const PAGE_SIZE: u32 = 500;

/// How many times a list is restarted after 410 before giving up.
const MAX_RESTARTS: usize = 3;

#[derive(Deserialize)]
struct Page<'a> {
    #[serde(default)]
    metadata: PageMeta,
    #[serde(borrow, default)]
    items: Option<Vec<&'a RawValue>>,
}

#[derive(Deserialize, Default)]
#[serde(rename_all = "camelCase")]
struct PageMeta {
    #[serde(rename = "continue", default)]
    continue_token: Option<String>,
    /// The list's resourceVersion (where a watch continues from).
    #[serde(default)]
    resource_version: Option<String>,
    /// How many items follow this page (unfiltered lists only).
    #[serde(default)]
    remaining_item_count: Option<u64>,
}

/// Trust `remainingItemCount` for pre-allocation only up to this many items.
const MAX_RESERVE: u64 = 10_000_000;

/// Lists every object of `kind` in `scope` matching `label_selector`, converting each with
/// `convert` (the model conversion shared with the file source).
pub async fn list_all<T>(
    req: &Requester,
    kind: Kind,
    scope: ListScope<'_>,
    label_selector: Option<&str>,
    convert: fn(Value) -> Result<T, Refused>,
) -> Result<Vec<T>, LiveError> {
    list_selected(req, kind, scope, (label_selector, None), convert).await
}

/// (labelSelector, fieldSelector).
pub type Selectors<'a> = (Option<&'a str>, Option<&'a str>);

async fn list_selected<T>(
    req: &Requester,
    kind: Kind,
    scope: ListScope<'_>,
    selectors: Selectors<'_>,
    convert: fn(Value) -> Result<T, Refused>,
) -> Result<Vec<T>, LiveError> {
    let mut out = Vec::new();
    pages(req, kind, scope, selectors, &mut |body, first| {
        if first {
            out.clear();
        }
        convert_page(body, kind, scope, convert, &mut out)
    })
    .await?;
    Ok(out)
}

/// Takes one page's body (and whether it is the first of a (re)start); returns its continue
/// token.
type PageHandler<'a> = dyn FnMut(&str, bool) -> Result<Option<String>, LiveError> + 'a;

/// The page loop every list shares: pages of [`PAGE_SIZE`] following the continue token, and
/// on 410 Expired a restart from the first page (at most [`MAX_RESTARTS`] times). `page(body,
/// first)` takes one page and returns its continue token; `first` is true on the first page of
/// each (re)start, where the caller drops what it gathered before.
async fn pages(
    req: &Requester,
    kind: Kind,
    scope: ListScope<'_>,
    (label_selector, field_selector): Selectors<'_>,
    page: &mut PageHandler<'_>,
) -> Result<(), LiveError> {
    let mut restarts = 0;
    'restart: loop {
        let mut token: Option<String> = None;
        let mut first = true;
        loop {
            let query = PageQuery {
                label_selector,
                field_selector,
                limit: PAGE_SIZE,
                continue_token: token.as_deref(),
            };
            let body = match req.list_page(kind, scope, query).await {
                Ok(body) => body,
                Err(LiveError::Expired { action, .. }) => {
                    restarts += 1;
                    if restarts > MAX_RESTARTS {
                        return Err(LiveError::Expired {
                            action,
                            attempts: restarts - 1,
                        });
                    }
                    continue 'restart;
                }
                Err(e) => return Err(e),
            };
            token = page(&body, first)?;
            first = false;
            if token.is_none() {
                return Ok(());
            }
        }
    }
}

/// Lists every object of `kind` in `scope` as JSON (without `managedFields`), with the list's
/// resourceVersion, for a watch to continue from. Restarts on 410 like [`list_all`].
pub async fn list_values(
    req: &Requester,
    kind: Kind,
    scope: ListScope<'_>,
    selectors: Selectors<'_>,
) -> Result<(Vec<Value>, String), LiveError> {
    let mut out = Vec::new();
    let mut rv = String::new();
    pages(req, kind, scope, selectors, &mut |body, first| {
        if first {
            out.clear();
            rv.clear();
        }
        let bad = |message: String| LiveError::Decode {
            action: Box::new(list_action(kind, scope)),
            message,
        };
        let page: Page<'_> = serde_json::from_str(body).map_err(|e| bad(e.to_string()))?;
        for raw in page.items.unwrap_or_default() {
            out.push(slim_item(raw).map_err(&bad)?);
        }
        // Every page of one list carries the first page's resourceVersion.
        if let Some(v) = page.metadata.resource_version {
            rv = v;
        }
        Ok(page.metadata.continue_token.filter(|t| !t.is_empty()))
    })
    .await?;
    Ok((out, rv))
}

/// Converts one page's items into `out`; returns the continue token, if any.
fn convert_page<T>(
    body: &str,
    kind: Kind,
    scope: ListScope<'_>,
    convert: fn(Value) -> Result<T, Refused>,
    out: &mut Vec<T>,
) -> Result<Option<String>, LiveError> {
    let bad = |message: String| LiveError::Decode {
        action: Box::new(list_action(kind, scope)),
        message,
    };
    let page: Page<'_> = serde_json::from_str(body).map_err(|e| bad(e.to_string()))?;
    let items = page.items.unwrap_or_default();
    // Knowing the total up front avoids a Vec that doubled past it (up to 2x the memory).
    let remaining = page
        .metadata
        .remaining_item_count
        .unwrap_or(0)
        .min(MAX_RESERVE) as usize;
    out.reserve(items.len() + remaining);
    for raw in items {
        out.push(convert(slim_item(raw).map_err(&bad)?).map_err(|e| bad(e.to_string()))?);
    }
    Ok(page.metadata.continue_token.filter(|t| !t.is_empty()))
}

/// What a paged list hands its caller ([`list_into`]).
pub enum Paged {
    /// The list (re)starts: drop what was handed so far (a restart after 410 reads a new,
    /// consistent list). How many items to expect, as far as the server said.
    Start(usize),
    /// One item, without `metadata.managedFields`.
    Item(Value),
}

/// Lists every object of `kind` in `scope` matching `selectors`, handing each item to `sink`
/// as its page arrives (so nothing but what `sink` keeps is held). Restarts on 410 like
/// [`list_all`], telling `sink` with [`Paged::Start`].
pub async fn list_into(
    req: &Requester,
    kind: Kind,
    scope: ListScope<'_>,
    selectors: Selectors<'_>,
    sink: &mut dyn FnMut(Paged) -> Result<(), String>,
) -> Result<(), LiveError> {
    pages(req, kind, scope, selectors, &mut |body, first| {
        sink_page(body, kind, scope, first, sink)
    })
    .await
}

/// Hands one page's items to `sink` (after [`Paged::Start`] on a `first` page); returns the
/// continue token, if any.
fn sink_page(
    body: &str,
    kind: Kind,
    scope: ListScope<'_>,
    first: bool,
    sink: &mut dyn FnMut(Paged) -> Result<(), String>,
) -> Result<Option<String>, LiveError> {
    let bad = |message: String| LiveError::Decode {
        action: Box::new(list_action(kind, scope)),
        message,
    };
    let page: Page<'_> = serde_json::from_str(body).map_err(|e| bad(e.to_string()))?;
    let items = page.items.unwrap_or_default();
    if first {
        let remaining = page
            .metadata
            .remaining_item_count
            .unwrap_or(0)
            .min(MAX_RESERVE) as usize;
        sink(Paged::Start(items.len() + remaining)).map_err(&bad)?;
    }
    for raw in items {
        sink(Paged::Item(slim_item(raw).map_err(&bad)?)).map_err(&bad)?;
    }
    Ok(page.metadata.continue_token.filter(|t| !t.is_empty()))
}

/// One list item as a `Value` without `metadata.managedFields` (often the largest part of an
/// object, and never used).
pub fn slim_item(raw: &RawValue) -> Result<Value, String> {
    let mut value: Value = serde_json::from_str(raw.get()).map_err(|e| e.to_string())?;
    if let Some(meta) = value.get_mut("metadata").and_then(Value::as_object_mut) {
        meta.remove("managedFields");
    }
    Ok(value)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::source::live::requests::PODS;

    fn name_of(v: Value) -> Result<String, Refused> {
        assert!(v.pointer("/metadata/managedFields").is_none());
        Ok(v.pointer("/metadata/name")
            .and_then(Value::as_str)
            .unwrap_or_default()
            .to_string())
    }

    #[test]
    fn converts_a_real_page_and_returns_its_token() {
        let body = include_str!("../../../tests/fixtures/apiserver/podlist-limit100-page1.json");
        let mut out = Vec::new();
        let token = convert_page(
            body,
            PODS,
            ListScope::Namespace("large-250"),
            name_of,
            &mut out,
        )
        .unwrap();
        assert_eq!(out.len(), 100);
        assert_eq!(out.capacity(), 250, "reserved for remainingItemCount");
        assert!(token.unwrap().starts_with("eyJ2Ijoi"));
        let last = include_str!("../../../tests/fixtures/apiserver/podlist-limit100-page3.json");
        let mut out = Vec::new();
        let token = convert_page(
            last,
            PODS,
            ListScope::Namespace("large-250"),
            name_of,
            &mut out,
        )
        .unwrap();
        assert_eq!((out.len(), token), (50, None));
    }

    #[test]
    fn a_sink_gets_the_expected_count_then_every_item() {
        let body = include_str!("../../../tests/fixtures/apiserver/podlist-limit100-page1.json");
        let (mut start, mut names) = (None, Vec::new());
        let token = sink_page(
            body,
            PODS,
            ListScope::Namespace("large-250"),
            true,
            &mut |paged| {
                match paged {
                    Paged::Start(n) => start = Some(n),
                    Paged::Item(v) => names.push(name_of(v)?),
                }
                Ok(())
            },
        )
        .unwrap();
        assert_eq!((start, names.len()), (Some(250), 100));
        assert!(token.unwrap().starts_with("eyJ2Ijoi"));
    }

    #[test]
    fn a_malformed_page_is_a_decode_error() {
        let mut out: Vec<String> = Vec::new();
        let e =
            convert_page("{\"items\": 3}", PODS, ListScope::All, name_of, &mut out).unwrap_err();
        assert!(
            e.to_string()
                .starts_with("cannot list pods at the cluster scope: unexpected response")
        );
    }
}
