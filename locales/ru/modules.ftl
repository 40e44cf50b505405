# Команды модулей в группе поддержки: /send, /mark, /export, /new.

relay-modules-not-allowed = Команды /send, /mark, /export и /new доступны только тем, кто указан в EXTENSIONS_ALLOWED.

## /send

relay-send-usage =
    <b>Рассылки</b>
    Ответьте на сообщение командой /send, чтобы отправить его всем пользователям с диалогом.
    <code>/send to NAME</code> — только пользователям с меткой NAME
    <code>/send to all</code> — снова всем пользователям
    <code>/send to list</code> — в ответ на файл или текст с id пользователей
    <code>/send test</code>, <code>/send start</code>, <code>/send pause</code>, <code>/send resume</code>, <code>/send cancel</code>
relay-send-none = Сейчас нет рассылки. Ответьте на сообщение командой /send, чтобы составить её.
relay-send-busy = Рассылка #{ $id } ещё не закончена. Дождитесь её или остановите командой /send cancel, прежде чем составлять новую.
relay-send-list-needs-draft = Сначала составьте рассылку (ответьте на её сообщение командой /send), затем ответьте на список id командой /send to list.
relay-send-list-needs-reply = Ответьте командой /send to list на файл или сообщение с id пользователей (по одному в строке или через запятую).
relay-send-list-too-large = Список больше 1 МБ. Разделите его и сделайте по рассылке на каждую часть.
relay-send-list-empty = Там не найдено id пользователей. Отправьте id по одному в строке или через запятую.
relay-send-not-draft = Получателей можно менять только до начала рассылки.
relay-send-audience-set = Получатели выбраны: { $size } польз.
relay-send-nobody = Отправлять некому: список получателей пуст. Выберите других командой /send to.
relay-send-finished = Рассылка #{ $id } уже завершена.
relay-send-already-running = Рассылка #{ $id } уже идёт.
relay-send-already-paused = Рассылка #{ $id } уже на паузе.
relay-send-not-started = Рассылка #{ $id } ещё не начата.
relay-send-test-ok = Тест отправлен вам в личные сообщения.
relay-send-test-unreachable = Тест не дошёл до вас: откройте личный чат с { $name }, нажмите «Старт» и попробуйте снова.
relay-send-start-ok = Рассылка #{ $id } начата.
relay-send-pause-ok = Рассылка #{ $id } на паузе.
relay-send-resume-ok = Рассылка #{ $id } продолжена.
relay-send-cancel-ok = Рассылка #{ $id } отменена.
relay-send-button-test = 🧪 Тест
relay-send-button-start = ▶️ Начать
relay-send-button-pause = ⏸ Пауза
relay-send-button-resume = ▶️ Продолжить
relay-send-button-cancel = ✖️ Отменить
relay-send-audience-all = все пользователи с диалогом
relay-send-audience-label = пользователи с меткой { $label }
relay-send-audience-list = загруженный список ({ $count } id)
relay-send-status-draft = черновик
relay-send-status-running = идёт отправка
relay-send-status-paused = на паузе
relay-send-status-cancelled = отменена
relay-send-status-done = завершена
relay-send-card =
    <b>Рассылка #{ $id }</b> — { $status }
    Кому: { $audience } ({ $size })
relay-send-progress = Отправлено: { $sent }, не доставлено: { $failed }, осталось: { $left }
relay-send-rate = { $rate }/с, до конца примерно { $eta }
relay-send-account-commands = Аккаунты не могут показывать кнопки: используйте <code>/send test</code>, <code>/send start</code>, <code>/send pause</code>, <code>/send resume</code> или <code>/send cancel</code>.
relay-send-report = Отчёт о доставке рассылки #{ $id }: отправлено { $sent }, не доставлено { $failed }.

## /mark

relay-mark-usage =
    <b>Метки</b>
    <code>/mark</code> — метки и сколько диалогов с каждой
    <code>/mark new NAME [TICKER]</code> — новая метка с эмодзи или коротким текстом для названий тем
    <code>/mark rename NAME NEW</code>, <code>/mark del NAME</code>
    <code>/mark ticker NAME TICKER</code> (или <code>off</code>)
    <code>/mark after NAME OTHER…</code> — метка NAME снимает остальные (<code>off</code> — без правила)
    В теме пользователя: <code>/mark NAME</code>, <code>/mark del NAME</code>
relay-mark-topic-usage = В теме: <code>/mark NAME</code> ставит метку на этот диалог, <code>/mark del NAME</code> снимает её. Метки создаются в общей теме (General) командой <code>/mark new NAME</code>.
relay-mark-none = Меток пока нет. Создайте метку командой <code>/mark new NAME</code>.
relay-mark-list-title = <b>Метки</b>
relay-mark-list-item = { $ticker }<b>{ $name }</b> — { $count }
relay-mark-list-after = , снимает { $labels }
relay-label-name-rules = «{ $name }» не может быть названием метки: используйте от 1 до 32 букв, цифр, _ или -, кроме слов new, rename, del, ticker, after, off, all, list, json, csv, to.
relay-label-ticker-rules = «{ $ticker }» не может быть тикером: используйте эмодзи или до 8 символов без пробелов, либо off.
relay-label-unknown = Метки «{ $name }» нет. Метки: { $labels }. Создайте её командой <code>/mark new NAME</code>.
relay-label-exists = Метка «{ $name }» уже есть.
relay-label-created = Метка «{ $name }» создана.
relay-label-renamed = Метка «{ $from }» теперь называется «{ $to }».
relay-label-deleted = Метка «{ $name }» удалена и снята со всех диалогов.
relay-label-ticker-set = Тикер метки «{ $name }» изменён; названия тем обновятся.
relay-label-after-set = Метка «{ $name }» теперь снимает: { $labels }.
relay-label-after-off = Метка «{ $name }» больше не снимает другие метки.
relay-label-set = Метка «{ $name }» поставлена.
relay-label-unset = Метка «{ $name }» снята.

## /export

relay-export-usage = <code>/export</code> — CSV пользователей с диалогами; <code>/export NAME</code> — только с меткой NAME; добавьте <code>json</code> для JSON.
relay-export-caption = Пользователей с диалогом: { $count }.
relay-export-hidden = Включён HIDE_INFO: вместо имён псевдонимы, имена пользователей (username) не выгружаются.

## /new

relay-new-usage = <code>/new @username</code>, <code>/new +телефон</code> или <code>/new user_id</code> открывает диалог с тем, кто ещё не писал.
relay-new-usage-bad = «{ $target }» — это не @username, не номер +телефона и не id пользователя.
relay-new-not-found = Такого пользователя Telegram нет, или его скрывают настройки приватности.
relay-new-bot-refused = Telegram разрешает { $name } писать только тем, кто запустил бота. Попросите пользователя открыть бота и нажать «Старт» — диалог откроется сам.
relay-new-not-allowed = Telegram не позволяет открыть диалог с этим пользователем.
relay-new-exists = У { $name } уже есть диалог: пишите в его теме.
relay-new-opened = Диалог с { $name } открыт: напишите в новой теме, чтобы отправить первое сообщение.
relay-new-topic-note = Диалог открыт командой /new. Ваше первое сообщение здесь получит { $name }.
