# The HTTP API (issue #15): its key in the setup bot, and how API actions show in topics.
setup-api-button-key = 🔑 API-Schlüssel
setup-api-button-reset = ♻️ API-Schlüssel erneuern
setup-api-key-created =
    🔑 API-Schlüssel für <b>{ $name }</b>:

    <code>{ $key }</code>

    Er wird <b>nur dieses eine Mal</b> angezeigt: Kopiere ihn jetzt. Sende ihn an die HTTP-API als <code>Authorization: Bearer …</code>. Switchboard speichert nur einen Hash; geht er verloren, erneuere ihn.
setup-api-key-reset =
    ♻️ Neuer API-Schlüssel für <b>{ $name }</b>; der alte wird ab sofort abgelehnt:

    <code>{ $key }</code>

    Er wird <b>nur dieses eine Mal</b> angezeigt: Kopiere ihn jetzt.
setup-api-key-exists = 🔑 <b>{ $name }</b> hat einen API-Schlüssel. Er wurde einmal angezeigt, als er erstellt wurde, und kann nicht erneut angezeigt werden. Erneuere ihn, um einen neuen zu erhalten: Der alte funktioniert dann sofort nicht mehr.
relay-api-sent = 📡 <i>Über die API gesendet:</i>
relay-api-status = 📡 <i>Status über die API gesetzt:</i> { $status }
relay-api-by = 📡 <i>Über die API:</i>
