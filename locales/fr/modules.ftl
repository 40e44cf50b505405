# Les commandes de modules dans le groupe de support : /send, /mark, /export, /new.

relay-modules-not-allowed = Seules les personnes de EXTENSIONS_ALLOWED peuvent utiliser /send, /mark, /export et /new.

## /send

relay-send-usage =
    <b>Diffusions</b>
    Répondez à un message par /send pour l'envoyer à tous les utilisateurs ayant une conversation.
    <code>/send to NAME</code> — seulement aux utilisateurs avec l'étiquette NAME
    <code>/send to all</code> — de nouveau à tous les utilisateurs
    <code>/send to list</code> — en réponse à un fichier ou un texte d'identifiants d'utilisateurs
    <code>/send test</code>, <code>/send start</code>, <code>/send pause</code>, <code>/send resume</code>, <code>/send cancel</code>
relay-send-none = Aucune diffusion en cours. Répondez à un message par /send pour en préparer une.
relay-send-busy = La diffusion #{ $id } n'est pas terminée. Attendez-la, ou arrêtez-la avec /send cancel, avant d'en préparer une autre.
relay-send-list-needs-draft = Préparez d'abord la diffusion (répondez à son message par /send), puis répondez à la liste d'identifiants par /send to list.
relay-send-list-needs-reply = Répondez par /send to list à un fichier ou un message contenant les identifiants (un par ligne, ou séparés par des virgules).
relay-send-list-too-large = La liste dépasse 1 Mo. Découpez-la et envoyez une diffusion par partie.
relay-send-list-empty = Aucun identifiant d'utilisateur trouvé. Envoyez les identifiants un par ligne, ou séparés par des virgules.
relay-send-not-draft = Les destinataires ne peuvent changer qu'avant le début de la diffusion.
relay-send-audience-set = Destinataires choisis : { $size } utilisateurs.
relay-send-nobody = Personne à qui envoyer : il n'y a aucun destinataire. Choisissez-en d'autres avec /send to.
relay-send-finished = La diffusion #{ $id } est déjà terminée.
relay-send-already-running = La diffusion #{ $id } est déjà en cours d'envoi.
relay-send-already-paused = La diffusion #{ $id } est déjà en pause.
relay-send-not-started = La diffusion #{ $id } n'a pas encore commencé.
relay-send-test-ok = Test envoyé en privé.
relay-send-test-unreachable = Le test ne vous est pas parvenu : ouvrez une conversation privée avec { $name }, appuyez sur Démarrer, puis réessayez.
relay-send-start-ok = Diffusion #{ $id } lancée.
relay-send-pause-ok = Diffusion #{ $id } en pause.
relay-send-resume-ok = Diffusion #{ $id } reprise.
relay-send-cancel-ok = Diffusion #{ $id } annulée.
relay-send-button-test = 🧪 Tester
relay-send-button-start = ▶️ Lancer
relay-send-button-pause = ⏸ Pause
relay-send-button-resume = ▶️ Reprendre
relay-send-button-cancel = ✖️ Annuler
relay-send-audience-all = tous les utilisateurs ayant une conversation
relay-send-audience-label = les utilisateurs avec l'étiquette { $label }
relay-send-audience-list = une liste importée de { $count } identifiants
relay-send-status-draft = brouillon
relay-send-status-running = envoi en cours
relay-send-status-paused = en pause
relay-send-status-cancelled = annulée
relay-send-status-done = terminée
relay-send-card =
    <b>Diffusion #{ $id }</b> — { $status }
    À : { $audience } ({ $size })
relay-send-progress = Envoyés : { $sent }, échecs : { $failed }, restants : { $left }
relay-send-rate = { $rate }/s, environ { $eta } avant la fin
relay-send-account-commands = Les comptes ne peuvent pas afficher de boutons : utilisez <code>/send test</code>, <code>/send start</code>, <code>/send pause</code>, <code>/send resume</code> ou <code>/send cancel</code>.
relay-send-report = Rapport de remise de la diffusion #{ $id } : { $sent } envoyés, { $failed } non remis.

## /mark

relay-mark-usage =
    <b>Étiquettes</b>
    <code>/mark</code> — les étiquettes et le nombre de conversations qui portent chacune
    <code>/mark new NAME [TICKER]</code> — une nouvelle étiquette, avec un emoji ou un texte court pour les titres des sujets
    <code>/mark rename NAME NEW</code>, <code>/mark del NAME</code>
    <code>/mark ticker NAME TICKER</code> (ou <code>off</code>)
    <code>/mark after NAME OTHER…</code> — mettre NAME enlève les autres (<code>off</code> : aucune règle)
    Dans le sujet d'un utilisateur : <code>/mark NAME</code>, <code>/mark del NAME</code>
relay-mark-topic-usage = Dans un sujet : <code>/mark NAME</code> met l'étiquette sur cette conversation, <code>/mark del NAME</code> l'enlève. Les étiquettes se créent dans le sujet Général avec <code>/mark new NAME</code>.
relay-mark-none = Il n'y a pas encore d'étiquettes. Créez-en une avec <code>/mark new NAME</code>.
relay-mark-list-title = <b>Étiquettes</b>
relay-mark-list-item = { $ticker }<b>{ $name }</b> — { $count }
relay-mark-list-after = , enlève { $labels }
relay-label-name-rules = « { $name } » ne peut pas être un nom d'étiquette : utilisez de 1 à 32 lettres, chiffres, _ ou -, et aucun des mots new, rename, del, ticker, after, off, all, list, json, csv, to.
relay-label-ticker-rules = « { $ticker } » ne peut pas être un ticker : utilisez un emoji ou jusqu'à 8 caractères sans espace, ou off.
relay-label-unknown = Il n'y a pas d'étiquette « { $name } ». Étiquettes : { $labels }. Créez-la avec <code>/mark new NAME</code>.
relay-label-exists = Une étiquette « { $name } » existe déjà.
relay-label-created = Étiquette « { $name } » créée.
relay-label-renamed = L'étiquette « { $from } » s'appelle désormais « { $to } ».
relay-label-deleted = Étiquette « { $name } » supprimée et enlevée de toutes les conversations.
relay-label-ticker-set = Ticker de « { $name } » modifié ; les titres des sujets suivent.
relay-label-after-set = Mettre « { $name } » enlève désormais : { $labels }.
relay-label-after-off = Mettre « { $name } » n'enlève plus d'autres étiquettes.
relay-label-set = Étiquette « { $name } » mise.
relay-label-unset = Étiquette « { $name } » enlevée.

## /export

relay-export-usage = <code>/export</code> — un CSV des utilisateurs ayant une conversation ; <code>/export NAME</code> — seulement ceux avec l'étiquette NAME ; ajoutez <code>json</code> pour du JSON.
relay-export-caption = { $count } utilisateurs ayant une conversation.
relay-export-hidden = HIDE_INFO est activé : les noms sont des pseudonymes et les noms d'utilisateur sont omis.

## /new

relay-new-usage = <code>/new @username</code>, <code>/new +téléphone</code> ou <code>/new user_id</code> ouvre une conversation avec quelqu'un qui n'a pas encore écrit.
relay-new-usage-bad = « { $target } » n'est ni un @username, ni un numéro +téléphone, ni un identifiant d'utilisateur.
relay-new-not-found = Cet utilisateur Telegram n'existe pas, ou ses paramètres de confidentialité le cachent.
relay-new-bot-refused = Telegram ne laisse { $name } écrire qu'aux utilisateurs qui l'ont démarré. Demandez à l'utilisateur d'ouvrir le bot et d'appuyer sur Démarrer ; sa conversation s'ouvrira d'elle-même.
relay-new-not-allowed = Telegram ne permet pas d'ouvrir une conversation avec cet utilisateur.
relay-new-exists = { $name } a déjà une conversation : écrivez dans son sujet.
relay-new-opened = Conversation ouverte avec { $name } : écrivez dans le nouveau sujet pour lui envoyer votre premier message.
relay-new-topic-note = Conversation ouverte par l'équipe avec /new. Votre premier message ici parviendra à { $name }.
