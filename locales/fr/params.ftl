# Paramètres : ce que chacun signifie, ce qu'il accepte et pourquoi une valeur a été refusée.
# Les textes sont en HTML Telegram. Les arguments sont échappés par le code qui les transmet.

param-card =
    <b>{ $name }</b>
    { $help }

    <b>Format :</b> { $format }
    <b>Valeur par défaut :</b> <code>{ $default }</code>
    <b>Valeur actuelle :</b> <code>{ $current }</code>

    Envoyez une nouvelle valeur, ou <code>DEFAULT</code> pour rétablir la valeur par défaut.
param-saved = { $name } vaut désormais <code>{ $value }</code>.
param-reset = { $name } est revenu à sa valeur par défaut, <code>{ $value }</code>.
param-refused =
    Cette valeur n'a pas été enregistrée : { $reason }
    { $name } garde sa valeur <code>{ $current }</code>. Envoyez une autre valeur, ou <code>DEFAULT</code>.

param-welcome-help = Le message qu'un utilisateur reçoit lors de son premier contact, puis à nouveau quand une conversation fermée est rouverte. <code>{"{"}name{"}"}</code> est remplacé par le prénom de l'utilisateur. Avec <code>OFF</code>, rien n'est envoyé.
param-autoclose-help = Nombre d'heures pendant lesquelles une conversation reste à l'état « le support a répondu » (🟨) avant de se fermer d'elle-même (⬛). Avec <code>OFF</code>, les conversations ne se ferment jamais automatiquement.
param-auto-info-help = Publier ou non la fiche de l'utilisateur (nom, nom d'utilisateur, id, langue, paramètre de démarrage) à la création d'un nouveau sujet.
param-extensions-allowed-help = Qui peut utiliser les commandes des modules dans le sujet Général (/send, /mark, /export, /new) et voir /info quand HIDE_INFO le masque. L'administrateur de la connexion le peut toujours.
param-silent-mode-help = Masquer ou non aux utilisateurs les erreurs de traitement. Les opérateurs voient quand même chaque erreur dans le sujet.
param-intercept-external-help = Copier ou non dans le sujet, marqués comme interceptés, les messages que le bot ou le compte a envoyés à l'utilisateur depuis ses autres sessions (son propre code, une autre application).
param-private-keywords-help = Si ce paramètre est défini, un sujet n'est créé (ou une conversation fermée rouverte) que si le message de l'utilisateur correspond ; tant qu'une conversation est ouverte, tout passe. Une expression correspond là où commence un mot, sans tenir compte de la casse.
param-hide-info-help = Cache aux opérateurs l'identité de l'utilisateur : <code>name</code> intitule les sujets avec des pseudonymes générés au lieu des noms ; <code>command</code> fait que /info ne répond qu'à EXTENSIONS_ALLOWED, en privé via ce bot.
param-ignore-chats-help = Utilisateurs dont les messages sont supprimés sans laisser de trace. /ban dans un sujet ajoute l'utilisateur ici. 777000 est le compte de service de Telegram lui-même.
param-white-list-help = Si ce paramètre est défini, seuls les messages de ces utilisateurs sont relayés ; tous les autres sont ignorés.
param-reply-only-help = Si activé, seuls les messages des opérateurs qui répondent à un message de l'utilisateur lui sont envoyés ; tout le reste du sujet reste un commentaire interne.
param-restricted-keywords-frontend-help = Les messages d'utilisateurs qui correspondent ne sont pas relayés au groupe.
param-restricted-keywords-backend-help = Les messages d'opérateurs qui correspondent ne sont pas envoyés à l'utilisateur ; un avis dans le sujet le signale.
param-leave-closed-help = Si activé, une conversation fermée reste fermée quand l'utilisateur écrit à nouveau (aucun message d'accueil n'est envoyé) ; un message d'un opérateur la rouvre quand même.
param-icon-color-help = La couleur des sujets créés par cette connexion.

param-format-text = un texte avec la mise en forme Telegram, ou <code>OFF</code>
param-format-hours = un nombre entier d'heures (1 ou plus), ou <code>OFF</code>
param-format-boolean = <code>TRUE</code> ou <code>FALSE</code> (<code>ON</code>/<code>OFF</code> et <code>YES</code>/<code>NO</code> fonctionnent aussi)
param-format-audience = des id d'utilisateurs séparés par des virgules, <code>ALL</code> pour tous les membres du groupe, ou <code>ADMIN</code>
param-format-keywords = par exemple <code>"help", "operator", ["refund","order"], ["price","~spam"]</code> : un mot ou une expression entre guillemets correspond à lui seul, une liste entre crochets exige tous ses éléments, <code>~</code> signifie « ne doit pas contenir » ; ou <code>OFF</code>
param-format-hide-info = <code>name</code>, <code>command</code>, les deux séparés par une virgule, ou <code>OFF</code>
param-format-user-ids = des id d'utilisateurs séparés par des virgules, ou <code>OFF</code>
param-format-white-list = des id d'utilisateurs séparés par des virgules, ou <code>OFF</code>
param-format-icon-color = l'une des couleurs <code>blue</code>, <code>yellow</code>, <code>violet</code>, <code>green</code>, <code>rose</code>, <code>red</code>

param-error-not-boolean = il faut TRUE ou FALSE (ON/OFF et YES/NO fonctionnent aussi).
param-error-not-hours = il faut un nombre entier d'heures, de 1 à { $max }, ou OFF.
param-error-not-user-id = <code>{ $item }</code> n'est pas un id d'utilisateur Telegram. Les id d'utilisateurs sont des nombres positifs ; /info dans le sujet d'un utilisateur affiche le sien.
param-error-empty-list = la liste est vide. Envoyez au moins un élément, ou OFF.
param-error-not-one-of = <code>{ $item }</code> ne fait pas partie des valeurs admises : { $allowed }.
param-error-empty-text = le texte est vide. Envoyez OFF pour ne rien envoyer.
param-error-too-long = le texte compte { $length } caractères ; Telegram en autorise au maximum { $max }.
param-error-unknown-placeholder = <code>{"{"}{ $placeholder }{"}"}</code> n'est pas une variable que je connais ; seule <code>{"{"}name{"}"}</code> est prise en charge.

keywords-error-empty = aucun mot-clé à la position { $position }. Envoyez-en au moins un, par exemple <code>"help"</code>, ou OFF.
keywords-error-unclosed-quote = le guillemet ouvert à la position { $position } n'est jamais fermé.
keywords-error-unclosed-bracket = le crochet ouvert à la position { $position } n'est jamais fermé.
keywords-error-nested-bracket = les crochets ne peuvent pas être imbriqués (position { $position }).
keywords-error-stray-closing-bracket = le <code>]</code> à la position { $position } ne ferme aucun crochet.
keywords-error-empty-phrase = un mot ou une expression vide à la position { $position }.
keywords-error-expected-comma = il manque une virgule avant la position { $position }.
keywords-error-stray-quote = un guillemet à l'intérieur d'un mot sans guillemets à la position { $position } ; mettez toute l'expression entre guillemets.
keywords-error-too-long = la liste dépasse 4096 caractères (position { $position }).

welcome-default = Bonjour ! Merci de décrire votre demande. Nous vous répondrons dans les meilleurs délais.

param-webhooks-help = Envoie les événements de cette connexion à vos propres services (un CRM, une boutique, n8n, un assistant) sous forme de requêtes HTTPS signées, et leur transmet les commandes de sujet choisies. Chaque URL reçoit les événements et les <code>/commandes</code> listés pour elle. Les livraisons restent dans l'ordre pour chaque URL et sont retentées pendant 24 heures ; les requêtes portent une signature Standard Webhooks faite avec le secret affiché lors de la configuration.
param-format-webhooks = un objet JSON d'URL et de leurs listes, par exemple <code>{"{"}"https://crm.example/hook": ["dialog_created", "message_received"], "https://x.example/cmd": ["/invoice"]{"}"}</code>. Événements : <code>dialog_created</code>, <code>dialog_reopened</code>, <code>dialog_closed</code>, <code>dialog_status_changed</code>, <code>message_received</code>, <code>message_sent</code>, <code>message_intercepted</code>, <code>label_added</code>, <code>label_removed</code>, <code>broadcast_finished</code> ; ou <code>OFF</code>
param-error-webhooks-json = ce n'est pas du JSON valide : le problème est à la ligne { $line }, colonne { $column }.
param-error-webhooks-shape = un objet JSON est attendu, dont les clés sont des URL et les valeurs des listes de noms d'événements et de <code>/commandes</code>.
param-error-webhooks-too-many = { $max } URL au maximum.
param-error-webhook-url = <code>{ $url }</code> n'est pas une URL <code>https://</code> avec un hôte (et sans nom d'utilisateur ni mot de passe).
param-error-webhook-not-https = <code>{ $url }</code> utilise <code>http://</code> simple, autorisé seulement vers cette machine (pour les tests). Utilisez <code>https://</code>.
param-error-webhook-event = <code>{ $item }</code> n'est pas un événement. Événements : { $allowed }.
param-error-webhook-command = <code>{ $item }</code> n'est pas une commande : une barre oblique, puis 1 à 32 caractères parmi a–z, 0–9 et _.
param-error-webhook-nothing = la liste de <code>{ $url }</code> est vide : indiquez au moins un événement ou une commande, ou retirez l'URL.
