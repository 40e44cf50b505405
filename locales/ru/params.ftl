# Параметры: что означает каждый, какие значения принимает и почему значение отклонено.
# Тексты — Telegram HTML. Аргументы экранирует код, который их передаёт.

param-card =
    <b>{ $name }</b>
    { $help }

    <b>Формат:</b> { $format }
    <b>По умолчанию:</b> <code>{ $default }</code>
    <b>Текущее значение:</b> <code>{ $current }</code>

    Отправьте новое значение или <code>DEFAULT</code>, чтобы вернуть значение по умолчанию.
param-saved = { $name }: новое значение <code>{ $value }</code>.
param-reset = { $name }: восстановлено значение по умолчанию <code>{ $value }</code>.
param-refused =
    Значение не сохранено: { $reason }
    У { $name } остаётся значение <code>{ $current }</code>. Отправьте другое значение или <code>DEFAULT</code>.

param-welcome-help = Сообщение, которое пользователь получает при первом обращении, а также когда закрытый диалог открывается снова. <code>{"{"}name{"}"}</code> заменяется именем пользователя. <code>OFF</code> — ничего не отправлять.
param-autoclose-help = Сколько часов диалог ждёт в статусе «поддержка ответила» (🟨), прежде чем закрыться сам (⬛). <code>OFF</code> — никогда не закрывать диалоги автоматически.
param-auto-info-help = Публиковать ли карточку пользователя (имя, username, id, язык, параметр запуска) при создании новой темы.
param-extensions-allowed-help = Кто может использовать команды модулей в общей теме (General) — /send, /mark, /export, /new — и видеть /info, когда HIDE_INFO его скрывает. Администратору подключения это разрешено всегда.
param-silent-mode-help = Скрывать ли от пользователей ошибки обработки. Операторы всё равно видят каждую ошибку в теме.
param-intercept-external-help = Копировать ли в тему с пометкой «перехвачено» сообщения, которые бот или аккаунт отправил пользователю из других своих сессий (собственный код, другое приложение).
param-private-keywords-help = Если задано, тема создаётся (или закрытый диалог открывается снова) только тогда, когда сообщение пользователя подходит; пока диалог открыт, проходит всё. Фраза находится там, где с неё начинается слово, без учёта регистра.
param-hide-info-help = Скрывает от операторов, кто такой пользователь: <code>name</code> — темы называются сгенерированными псевдонимами вместо имён; <code>command</code> — /info отвечает только пользователям из EXTENSIONS_ALLOWED, в личные сообщения через этого бота.
param-ignore-chats-help = Пользователи, чьи сообщения отбрасываются бесследно. /ban в теме добавляет пользователя в этот список. 777000 — служебный аккаунт самого Telegram.
param-white-list-help = Если задано, пересылаются только сообщения этих пользователей; все остальные игнорируются.
param-reply-only-help = Если включено, пользователю отправляются только те сообщения операторов, которые отвечают на его сообщение; всё остальное в теме остаётся внутренним комментарием.
param-restricted-keywords-frontend-help = Подходящие сообщения пользователей не пересылаются в группу.
param-restricted-keywords-backend-help = Подходящие сообщения операторов не отправляются пользователю; об этом сообщает уведомление в теме.
param-leave-closed-help = Если включено, закрытый диалог остаётся закрытым, когда пользователь пишет снова (приветствие не отправляется); сообщение оператора всё равно открывает его снова.
param-icon-color-help = Цвет тем, которые создаёт это подключение.

param-format-text = текст с форматированием Telegram или <code>OFF</code>
param-format-hours = целое число часов (от 1 и больше) или <code>OFF</code>
param-format-boolean = <code>TRUE</code> или <code>FALSE</code> (подходят и <code>ON</code>/<code>OFF</code>, и <code>YES</code>/<code>NO</code>)
param-format-audience = id пользователей через запятую, <code>ALL</code> — все участники группы, или <code>ADMIN</code>
param-format-keywords = например, <code>"help", "operator", ["refund","order"], ["price","~spam"]</code>: слово или фраза в кавычках срабатывает сама по себе, список в квадратных скобках требует всех своих элементов, <code>~</code> означает «не должно содержать»; или <code>OFF</code>
param-format-hide-info = <code>name</code>, <code>command</code>, оба через запятую или <code>OFF</code>
param-format-user-ids = id пользователей через запятую или <code>OFF</code>
param-format-white-list = id пользователей через запятую или <code>OFF</code>
param-format-icon-color = один из цветов: <code>blue</code>, <code>yellow</code>, <code>violet</code>, <code>green</code>, <code>rose</code>, <code>red</code>

param-error-not-boolean = ожидается TRUE или FALSE (подходят и ON/OFF, и YES/NO).
param-error-not-hours = ожидается целое число часов от 1 до { $max } или OFF.
param-error-not-user-id = <code>{ $item }</code> — не id пользователя Telegram. Id пользователей — положительные числа; /info в теме пользователя показывает его id.
param-error-empty-list = список пуст. Отправьте хотя бы один элемент или OFF.
param-error-not-one-of = <code>{ $item }</code> — не одно из допустимых значений: { $allowed }.
param-error-empty-text = текст пуст. Отправьте OFF, чтобы ничего не отправлять.
param-error-too-long = длина текста — { $length }, а Telegram допускает не более { $max } символов.
param-error-unknown-placeholder = <code>{"{"}{ $placeholder }{"}"}</code> — неизвестная подстановка; поддерживается только <code>{"{"}name{"}"}</code>.

keywords-error-empty = нет ключевых слов в позиции { $position }. Укажите хотя бы одно, например <code>"help"</code>, или OFF.
keywords-error-unclosed-quote = кавычка, открытая в позиции { $position }, так и не закрыта.
keywords-error-unclosed-bracket = квадратная скобка, открытая в позиции { $position }, так и не закрыта.
keywords-error-nested-bracket = квадратные скобки нельзя вкладывать друг в друга (позиция { $position }).
keywords-error-stray-closing-bracket = <code>]</code> в позиции { $position } не закрывает ни одной скобки.
keywords-error-empty-phrase = пустое слово или фраза в позиции { $position }.
keywords-error-expected-comma = перед позицией { $position } не хватает запятой.
keywords-error-stray-quote = кавычка внутри слова без кавычек в позиции { $position }; заключите всю фразу в кавычки.
keywords-error-too-long = список длиннее 4096 символов (позиция { $position }).

welcome-default = Здравствуйте! Пожалуйста, опишите ваш вопрос. Мы ответим как можно скорее.

param-webhooks-help = Отправляет события этого подключения в ваши сервисы (CRM, магазин, n8n, ассистент) подписанными HTTPS-запросами и передаёт им выбранные команды из топиков. Каждый URL получает перечисленные для него события и <code>/команды</code>. Доставка идёт по порядку для каждого URL и повторяется в течение 24 часов; запросы подписаны по стандарту Standard Webhooks секретом, который показывается при настройке.
param-format-webhooks = JSON-объект из URL и их списков, например <code>{"{"}"https://crm.example/hook": ["dialog_created", "message_received"], "https://x.example/cmd": ["/invoice"]{"}"}</code>. События: <code>dialog_created</code>, <code>dialog_reopened</code>, <code>dialog_closed</code>, <code>dialog_status_changed</code>, <code>message_received</code>, <code>message_sent</code>, <code>message_intercepted</code>, <code>label_added</code>, <code>label_removed</code>, <code>broadcast_finished</code>; или <code>OFF</code>
param-error-webhooks-json = это не корректный JSON: ошибка в строке { $line }, столбце { $column }.
param-error-webhooks-shape = ожидается JSON-объект, где ключи — URL, а значения — списки названий событий и <code>/команд</code>.
param-error-webhooks-too-many = не больше { $max } URL.
param-error-webhook-url = <code>{ $url }</code> — не URL вида <code>https://</code> с хостом (и без имени пользователя и пароля).
param-error-webhook-not-https = <code>{ $url }</code> использует обычный <code>http://</code>, который разрешён только для этой машины (для тестов). Используйте <code>https://</code>.
param-error-webhook-event = <code>{ $item }</code> — не событие. События: { $allowed }.
param-error-webhook-command = <code>{ $item }</code> — не команда: косая черта, затем от 1 до 32 символов a–z, 0–9 и _.
param-error-webhook-nothing = список для <code>{ $url }</code> пуст: укажите хотя бы одно событие или команду либо уберите этот URL.
