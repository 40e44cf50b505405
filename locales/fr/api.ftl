# The HTTP API (issue #15): its key in the setup bot, and how API actions show in topics.
setup-api-button-key = 🔑 Clé API
setup-api-button-reset = ♻️ Réinitialiser la clé API
setup-api-key-created =
    🔑 Clé API de <b>{ $name }</b> :

    <code>{ $key }</code>

    Elle n'est affichée <b>qu'une seule fois</b> : copiez-la maintenant. Envoyez-la à l'API HTTP comme <code>Authorization: Bearer …</code>. Switchboard n'en garde qu'une empreinte ; si elle est perdue, réinitialisez-la.
setup-api-key-reset =
    ♻️ Nouvelle clé API de <b>{ $name }</b> ; l'ancienne est refusée dès maintenant :

    <code>{ $key }</code>

    Elle n'est affichée <b>qu'une seule fois</b> : copiez-la maintenant.
setup-api-key-exists = 🔑 <b>{ $name }</b> a une clé API. Elle a été affichée une fois, à sa création, et ne peut plus l'être. Réinitialisez-la pour en obtenir une nouvelle : l'ancienne cesse aussitôt de fonctionner.
relay-api-sent = 📡 <i>Envoyé via l'API :</i>
relay-api-status = 📡 <i>Statut changé via l'API :</i> { $status }
relay-api-by = 📡 <i>Via l'API :</i>
