# Analytics (issue 16): the dashboard picture, its summary, the setup bot's buttons and /stats.

analytics-seconds = { $s } с
analytics-minutes = { $m } мин
analytics-hours = { $h } ч { $m } мин
analytics-days = { $d } д { $h } ч
analytics-operator-anonymous = анонимный админ
analytics-operator-unknown = раньше (не записано)

## The picture

analytics-chart-title = Поддержка · последние { $days } дн.
analytics-chart-dialogs = Диалоги по дням
analytics-chart-messages = Сообщения по дням
analytics-chart-response = Время первого ответа
analytics-chart-hours = Часы нагрузки (входящие сообщения)
analytics-chart-operators = Ответы по операторам
analytics-chart-no-answers = За этот период ответов не было.
analytics-series-new = новые
analytics-series-closed = закрытые
analytics-series-reopened = открытые снова
analytics-series-unanswered = ещё без ответа
analytics-series-in = от пользователей
analytics-series-out = пользователям
analytics-series-intercepted = перехваченные
analytics-series-median = медиана
analytics-series-p90 = 90-й процентиль
analytics-weekdays = Пн, Вт, Ср, Чт, Пт, Сб, Вс
analytics-operator-line = диалогов: { $dialogs } · медиана первого ответа { $median }

## The summary under the picture

analytics-summary-title = <b>Последние { $days } дн.</b> ({ $zone })
analytics-summary-empty = За этот период ничего не произошло.
analytics-summary-dialogs = Диалоги: новых { $new } ({ $change } к прошлому периоду), закрыто { $closed }, открыто снова { $reopened }; сейчас ждут ответа: { $waiting }.
analytics-summary-messages = Сообщения: от пользователей { $incoming } ({ $change }), пользователям { $outgoing }, перехвачено { $intercepted }.
analytics-summary-response-compared = Первый ответ: медиана { $median }, 90% — в пределах { $p90 } (прошлый период: медиана { $before }).
analytics-summary-response = Первый ответ: медиана { $median }, 90% — в пределах { $p90 }.
analytics-summary-response-none = Первый ответ: за этот период ответов не было.
analytics-summary-operators = Больше всего ответов: { $operators }.
analytics-summary-partial = <i>Операторы, время ответа, закрытия и повторные открытия записываются с { $date }; за более ранние дни они учтены частично.</i>

## The setup bot

analytics-button = 📊 Аналитика
analytics-period-button = { $days } дн.
analytics-csv-button = 📄 CSV
analytics-zone-button = 🕒 Часовой пояс: { $zone }
analytics-no-group = Аналитика появится, когда подключение будет привязано к группе.
analytics-csv-caption = Цифры за последние { $days } дн. ({ $zone }).
analytics-zone-ask = Пришлите ваш часовой пояс в виде названия, например <code>Europe/Moscow</code>, <code>Asia/Almaty</code> или <code>UTC</code>. Дни в аналитике начинаются в полночь по этому поясу.
analytics-zone-set = Часовой пояс установлен: { $zone }.
analytics-zone-unknown = «{ $zone }» — не название часового пояса. Пришлите, например, <code>Europe/Moscow</code> или <code>UTC</code>.
analytics-failed = Сейчас не удалось подготовить аналитику. Попробуйте через минуту.

## /stats in the General topic

relay-stats-usage = Используйте /stats, /stats 7, /stats 30 или /stats 90 (дней).
relay-stats-not-allowed = /stats могут использовать только люди из EXTENSIONS_ALLOWED.
