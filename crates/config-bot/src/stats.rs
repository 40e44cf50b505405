//! The [Analytics] button of the connection card: the dashboard as a photo with its summary,
//! buttons for the period, [CSV] (the same numbers as a file) and the admin's time zone.
//! [`keyboard`] and [`zone_question`] are pure; the rest is the shell.

use analytics::{Dashboard, Period, Zone};
use i18n::{Lang, escape_html};
use storage::{Connection, ConnectionId};
use teloxide::payloads::SendPhotoSetters as _;
use teloxide::payloads::{EditMessageMediaSetters as _, SendDocumentSetters as _};
use teloxide::prelude::*;
use teloxide::types::{InputFile, InputMedia, InputMediaPhoto, MessageId, ParseMode};

use crate::app::HandlerError;
use crate::callback::Callback;
use crate::handlers::{Ctx, Result};
use crate::screen::{Button, Keyboard, Screen};
use crate::state::State;
use crate::ui;

/// The buttons under the picture: the periods (the shown one marked), CSV and the time zone,
/// and back to the card.
pub fn keyboard(lang: Lang, c: ConnectionId, shown: Period, zone: Zone) -> Keyboard {
    let periods = Period::ALL
        .into_iter()
        .map(|p| {
            let label =
                lang.text_with("analytics-period-button", &[("days", p.days().to_string())]);
            let label = if p == shown {
                format!("• {label}")
            } else {
                label
            };
            Button::press(label, Callback::Analytics(c, p))
        })
        .collect();
    Keyboard::Inline(vec![
        periods,
        vec![
            Button::press(
                lang.text("analytics-csv-button"),
                Callback::AnalyticsCsv(c, shown),
            ),
            Button::press(
                lang.text_with("analytics-zone-button", &[("zone", zone.name().to_owned())]),
                Callback::TimeZone(c, shown),
            ),
        ],
        vec![Button::press(
            lang.text("setup-button-back"),
            Callback::Open(c),
        )],
    ])
}

/// The time-zone question, with the way back to the card.
pub fn zone_question(lang: Lang, c: ConnectionId) -> Screen {
    Screen {
        html: lang.text("analytics-zone-ask"),
        keyboard: Keyboard::Inline(vec![vec![Button::press(
            lang.text("setup-button-back"),
            Callback::Open(c),
        )]]),
    }
}

async fn zone_of(ctx: &Ctx) -> Result<Zone> {
    let admin = ctx.app.storage.admins().get(ctx.admin).await?;
    Ok(Zone::from_setting(
        admin.and_then(|a| a.time_zone).as_deref(),
    ))
}

async fn load(ctx: &Ctx, c: &Connection, period: Period) -> Result<(Dashboard, Zone)> {
    let zone = zone_of(ctx).await?;
    let dashboard = Dashboard::load(&ctx.app.storage, c.id, period, zone, storage::now()).await?;
    Ok((dashboard, zone))
}

/// Shows the dashboard: in place of the pressed message when that is the picture already (a
/// period change), otherwise as a new photo.
pub async fn show(
    ctx: &Ctx,
    c: &Connection,
    period: Period,
    message: Option<MessageId>,
    from_picture: bool,
) -> Result {
    let (dashboard, zone) = load(ctx, c, period).await?;
    let lang = ctx.lang;
    let caption = analytics::summary(lang, &dashboard);
    // Drawing takes a moment of CPU: off the async threads.
    let png = tokio::task::spawn_blocking(move || analytics::render_png(lang, &dashboard))
        .await
        .map_err(|e| HandlerError::Analytics(e.to_string()))?
        .map_err(|e| HandlerError::Analytics(e.to_string()))?;
    let markup = ui::inline_markup(&keyboard(lang, c.id, period, zone));
    let file = InputFile::memory(png).file_name(format!("analytics-{}d.png", period.days()));
    if let (Some(id), true) = (message, from_picture) {
        let media = InputMediaPhoto::new(file)
            .caption(caption)
            .parse_mode(ParseMode::Html);
        let mut request = ctx
            .bot
            .edit_message_media(ctx.chat, id, InputMedia::Photo(media));
        if let Some(markup) = markup {
            request = request.reply_markup(markup);
        }
        request.await?;
        return Ok(());
    }
    let mut request = ctx
        .bot
        .send_photo(ctx.chat, file)
        .caption(caption)
        .parse_mode(ParseMode::Html);
    if let Some(markup) = markup {
        request = request.reply_markup(markup);
    }
    request.await?;
    Ok(())
}

/// Sends the period's numbers as a CSV file.
pub async fn send_csv(ctx: &Ctx, c: &Connection, period: Period) -> Result {
    let (dashboard, zone) = load(ctx, c, period).await?;
    let csv = analytics::csv(ctx.lang, &dashboard);
    let date = dashboard
        .dates
        .last()
        .map(|d| d.format("%Y-%m-%d").to_string())
        .unwrap_or_default();
    let caption = ctx.lang.text_with(
        "analytics-csv-caption",
        &[
            ("days", period.days().to_string()),
            ("zone", zone.name().to_owned()),
        ],
    );
    ctx.bot
        .send_document(
            ctx.chat,
            InputFile::memory(csv).file_name(format!("analytics-{}d-{date}.csv", period.days())),
        )
        .caption(caption)
        .parse_mode(ParseMode::Html)
        .await?;
    Ok(())
}

/// Asks for the time zone; the next text is read as one.
pub async fn ask_zone(ctx: &Ctx, c: &Connection, period: Period) -> Result {
    ctx.set_state(State::AwaitTimeZone {
        connection: c.id,
        days: period.days(),
    })
    .await?;
    ctx.send(&zone_question(ctx.lang, c.id)).await?;
    Ok(())
}

/// A time-zone name typed by the admin: stored and the dashboard shown again, or refused.
pub async fn set_zone(ctx: &Ctx, connection: ConnectionId, days: u32, text: &str) -> Result {
    let Some(zone) = Zone::parse(text) else {
        let html = ctx.lang.text_with(
            "analytics-zone-unknown",
            &[("zone", escape_html(text.trim()).into_owned())],
        );
        ctx.send(&Screen::text(html)).await?;
        return Ok(());
    };
    ctx.app
        .storage
        .admins()
        .set_time_zone(ctx.admin, Some(zone.name()))
        .await?;
    ctx.set_state(State::Idle).await?;
    let done = ctx
        .lang
        .text_with("analytics-zone-set", &[("zone", zone.name().to_owned())]);
    ctx.send(&Screen::text(done)).await?;
    match ctx.owned(connection).await? {
        Some(c) => {
            let period = Period::parse(&days.to_string()).unwrap_or(Period::Week);
            show(ctx, &c, period, None, false).await
        }
        None => Ok(()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_shown_period_is_marked_and_every_button_names_the_connection() {
        let c = ConnectionId(7);
        let Keyboard::Inline(rows) = keyboard(Lang::En, c, Period::Month, Zone::UTC) else {
            panic!("inline buttons")
        };
        let labels: Vec<Vec<&str>> = rows
            .iter()
            .map(|r| r.iter().map(|b| b.label.as_str()).collect())
            .collect();
        assert_eq!(
            labels,
            [
                vec!["7 days", "• 30 days", "90 days"],
                vec!["📄 CSV", "🕒 Time zone: UTC"],
                vec!["⬅️ Back"],
            ]
        );
    }
}
