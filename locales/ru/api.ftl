# The HTTP API (issue #15): its key in the setup bot, and how API actions show in topics.
setup-api-button-key = 🔑 API-ключ
setup-api-button-reset = ♻️ Сбросить API-ключ
setup-api-key-created =
    🔑 API-ключ для <b>{ $name }</b>:

    <code>{ $key }</code>

    Он показан <b>только один раз</b>: скопируйте его сейчас. Передавайте его HTTP API как <code>Authorization: Bearer …</code>. Switchboard хранит только его хеш; если ключ потерян, сбросьте его.
setup-api-key-reset =
    ♻️ Новый API-ключ для <b>{ $name }</b>; старый больше не принимается:

    <code>{ $key }</code>

    Он показан <b>только один раз</b>: скопируйте его сейчас.
setup-api-key-exists = 🔑 У <b>{ $name }</b> есть API-ключ. Он был показан один раз, при создании, и больше не может быть показан. Сбросьте его, чтобы получить новый: старый ключ сразу перестанет работать.
relay-api-sent = 📡 <i>Отправлено через API:</i>
relay-api-status = 📡 <i>Статус изменён через API:</i> { $status }
relay-api-by = 📡 <i>Через API:</i>
